# Writes the course-of-treatment fixtures (report-contract.md section 5) as canonical long CSVs:
# small hand-made cases, each pinning one convention, and one realistic simulated clinic.
# Measure ppt in kPa (higher is better, MCID 20.6 kPa), baseline about 300 kPa.
#
# Run from this folder:  Rscript cases-to-csv.R
# Then:                  Rscript expected-survival.R   (writes the *.expected.json files)

columns <- c("client_id", "technique", "session", "phase", "measure", "unit", "value", "site", "session_date")

# One client's rows. `pre`: pre values of sessions 1, 2, ... (NA: no reading that session);
# `followup`: values of follow-up visits, numbered after the last treated session; `dates`: the
# date of session 1 (sessions weekly after it) or NULL for undated rows; `followup_days`: days from
# the last treated session to each follow-up; `undated_followup`: leave the follow-ups undated.
course <- function(id, technique, pre, followup = numeric(0), dates = NULL, followup_days = 28,
                   undated_followup = FALSE, post = NULL) {
  sessions <- seq_along(pre)
  keep <- !is.na(pre)
  rows <- data.frame(client_id = id, technique = technique, session = sessions[keep], phase = "pre",
                     value = pre[keep])
  if (!is.null(post)) {
    post_keep <- !is.na(post)
    rows <- rbind(rows, data.frame(client_id = id, technique = technique, session = seq_along(post)[post_keep],
                                   phase = "post", value = post[post_keep]))
  }
  last <- max(sessions[keep])
  if (length(followup) > 0) {
    rows <- rbind(rows, data.frame(client_id = id, technique = technique, session = last + seq_along(followup),
                                   phase = "followup", value = followup))
  }
  rows$session_date <- ""
  if (!is.null(dates)) {
    start <- as.Date(dates)
    treated <- rows$phase != "followup"
    rows$session_date[treated] <- format(start + 7 * (rows$session[treated] - 1))
    if (!undated_followup) {
      visit <- rows$session[!treated] - last
      rows$session_date[!treated] <- format(start + 7 * (last - 1) + cumsum(rep(followup_days, length(followup)))[visit])
    }
  }
  rows$measure <- "ppt"
  rows$unit <- "kPa"
  rows$site <- ""
  rows[, columns]
}

write_case <- function(file, rows) {
  stopifnot(!anyDuplicated(rows[, c("client_id", "session", "phase", "site")]))
  write.csv(rows, file, row.names = FALSE, quote = FALSE, na = "")
  cat(file, nrow(rows), "rows\n")
}

# Ties: events and censorings at the same time, several events at one time; a client whose
# session 2 is missing; a client with only session 1 (censored at t = 0); a client without a
# session-1 pre value (not in the analysis); a response that is later lost still counts at its time.
write_case("ties.csv", rbind(
  course("d1", "deep_tissue", c(300, 310, 325)),
  course("d2", "deep_tissue", c(300, 321)),
  course("d3", "deep_tissue", c(300, 325)),
  course("d4", "deep_tissue", c(300, 305)),
  course("d5", "deep_tissue", c(300, 310, 315)),
  course("d6", "deep_tissue", c(300, 330, 290, 340)),
  course("d7", "deep_tissue", c(NA, 300, 340)),
  course("t1", "trigger_point_release", c(300, 330)),
  course("t2", "trigger_point_release", c(300, 310, 330)),
  course("t3", "trigger_point_release", c(300, NA, 330)),
  course("t4", "trigger_point_release", c(300)),
  course("t5", "trigger_point_release", c(300, 301, 302, 303))))

# Nobody reaches the MCID: the curves stay at 0 and nothing can be compared.
write_case("everyone-censored.csv", rbind(
  course("a1", "deep_tissue", c(300, 305, 310)),
  course("a2", "deep_tissue", c(300)),
  course("a3", "deep_tissue", c(300, 290)),
  course("b1", "sham_ultrasound", c(300, 300, 300, 300)),
  course("b2", "sham_ultrasound", c(300, 315))))

# Everyone responds at session 2 (t = 1): the curve jumps from 0 to 1, where R's log-log interval
# is undefined (NA), and the median's interval is not reached.
write_case("everyone-at-once.csv", rbind(
  course("c1", "trigger_point_release", c(300, 330)),
  course("c2", "trigger_point_release", c(300, 340, 350)),
  course("c3", "trigger_point_release", c(300, 321)),
  course("c4", "trigger_point_release", c(300, 360))))

# A group of one client beside a group of four, each with follow-ups (durability of one client:
# no SD, no t).
write_case("one-client.csv", rbind(
  course("o1", "deep_tissue", c(300, 310, 330), followup = 325, dates = "2025-01-06"),
  course("p1", "trigger_point_release", c(300, 330, 335), followup = 320, dates = "2025-01-07"),
  course("p2", "trigger_point_release", c(300, 305, 310, 312), followup = 318, dates = "2025-01-08", followup_days = 35),
  course("p3", "trigger_point_release", c(300, 325), followup = 330, dates = "2025-01-09", followup_days = 60),
  course("p4", "trigger_point_release", c(300, 302), followup = 299, dates = "2025-01-10", followup_days = 42)))

# No follow-up at all: durability is null for every group.
write_case("no-followup.csv", rbind(
  course("n1", "deep_tissue", c(300, 330), dates = "2025-02-03"),
  course("n2", "deep_tissue", c(300, 310, 312), dates = "2025-02-04"),
  course("m1", "sham_ultrasound", c(300, 305), dates = "2025-02-05"),
  course("m2", "sham_ultrasound", c(300, 301, 340), dates = "2025-02-06")))

# Dates missing on some readings: in deep_tissue one follow-up is undated (so no median of days);
# in trigger_point_release every follow-up is dated, one client has a second follow-up (only the
# first counts), one client's follow-up comes without an end-of-course value (only session 1),
# and post readings sit beside the pre ones. The one waitlist client has a follow-up but no
# end-of-course value: durability with n = 0 (not null), and a group that is compared by the
# log-rank test although nobody in it is at risk when anyone responds (R leaves it out of the df).
dates_rows <- rbind(
  course("w1", "waitlist", c(300), followup = 296, dates = "2025-03-07"),
  course("u1", "deep_tissue", c(300, 322, 331), followup = 328, dates = "2025-03-03"),
  course("u2", "deep_tissue", c(300, 305, 309), followup = 301, dates = "2025-03-04", undated_followup = TRUE),
  course("u3", "deep_tissue", c(300, 318), followup = 324, dates = "2025-03-05", followup_days = 30),
  course("v1", "trigger_point_release", c(300, 326, 340), followup = c(333, 310), dates = "2025-03-03",
         post = c(320, 345, 350)),
  course("v2", "trigger_point_release", c(300, 329), followup = 300, dates = "2025-03-04", followup_days = 50),
  course("v3", "trigger_point_release", c(300, 312, 323, 335), followup = 345, dates = "2025-03-05",
         followup_days = 91),
  course("v4", "trigger_point_release", c(300), followup = 330, dates = "2025-03-06"))
# A second site read at u1's end-of-course session without a date: the session stays dated.
extra <- dates_rows[dates_rows$client_id == "u1" & dates_rows$session == 3, ]
extra$site <- "upper_trapezius_right"
extra$value <- 339
extra$session_date <- ""
dates_rows[dates_rows$client_id == "u1", "site"] <- "upper_trapezius_left"
write_case("missing-dates.csv", rbind(dates_rows, extra))

# R's conventions for the median: a curve flat at exactly 0.5 from t = 1 to t = 3 (median: the
# midpoint, 2), and a curve that ends at exactly 0.5 (median: midway to the last time, 2.5).
write_case("median-conventions.csv", rbind(
  course("f1", "flat", c(300, 330)),
  course("f2", "flat", c(300, 325)),
  course("f3", "flat", c(300, 305, 306, 330)),
  course("f4", "flat", c(300, 305, 306, 307, 308)),
  course("e1", "ends_at_half", c(300, 330)),
  course("e2", "ends_at_half", c(300, 301, 302, 303, 304))))

# A realistic clinic: three techniques of 40 clients, up to 12 weekly sessions with drop-out and
# missed sessions, two sites read each session, post readings, and a follow-up 4 to 12 weeks after
# the last session for about 60% of the clients who stayed past session 6 (fewer of those who left early).
set.seed(18)
techniques <- c(deep_tissue = 1.2, sham_ultrasound = 0.3, trigger_point_release = 2.4)
realistic <- list()
for (technique in names(techniques)) {
  for (i in 1:40) {
    id <- sprintf("%s-%02d", substr(technique, 1, 2), i)
    baseline <- rnorm(1, 300, 60)
    n_sessions <- min(12, 1 + rgeom(1, 0.08))
    gain <- techniques[[technique]] * rnorm(1, 4, 2)
    start <- as.Date("2025-01-06") + sample(0:120, 1)
    attended <- c(TRUE, runif(n_sessions - 1) > 0.15)
    sessions <- which(attended)
    for (site in c("upper_trapezius_left", "upper_trapezius_right")) {
      truth <- baseline + gain * (sessions - 1) + rnorm(1, 0, 10)
      pre <- round(truth + rnorm(length(sessions), 0, 15), 1)
      post <- round(pre + rnorm(length(sessions), 6, 8), 1)
      dates <- format(start + 7 * (sessions - 1))
      realistic[[length(realistic) + 1]] <- data.frame(client_id = id, technique = technique, session = sessions,
        phase = "pre", measure = "ppt", unit = "kPa", value = pre, site = site, session_date = dates)
      realistic[[length(realistic) + 1]] <- data.frame(client_id = id, technique = technique, session = sessions,
        phase = "post", measure = "ppt", unit = "kPa", value = post, site = site, session_date = dates)
    }
    last <- max(sessions)
    if (runif(1) < (if (last > 6) 0.6 else 0.3)) {
      days <- sample(28:84, 1)
      held <- baseline + gain * (last - 1) * runif(1, 0.4, 1.1)
      for (site in c("upper_trapezius_left", "upper_trapezius_right")) {
        realistic[[length(realistic) + 1]] <- data.frame(client_id = id, technique = technique, session = last + 1,
          phase = "followup", measure = "ppt", unit = "kPa", value = round(held + rnorm(1, 0, 15), 1), site = site,
          session_date = format(start + 7 * (last - 1) + days))
      }
    }
  }
}
write_case("realistic.csv", do.call(rbind, realistic)[, columns])
