# Generates the canonical long CSVs (report-contract.md section 1) of the adjusted comparison of
# therapists and clinics (section 6), deterministically (set.seed). Every client has pre readings
# at session 1 and at a later last session (and sometimes one in between, which the model ignores),
# at one or two sites (averaged), and a post reading at session 1 (ignored). Some clients have only
# session 1, or no therapist on their session-1 reading: the model leaves them out.
#
# Run from this folder:  Rscript make-fixtures.R
# Then:                  Rscript expected-adjusted.R   (writes NAME.expected.json for each NAME.csv)

suppressMessages(library(lme4))

# change = 15 + 0.05 (baseline - 300) + 2 (sessions - 6) + condition effect + therapist effect + noise,
# all in kPa; `level` and `scale` map the values to level + scale * (value - 300) (the near-2000 case).
simulate <- function(sizes, conditions, therapist_sd, residual_sd, sites = 2, level = 300, scale = 1,
                     clinics = 4, extra_clients = TRUE) {
  n_therapists <- length(sizes)
  therapist_ids <- sprintf("T%03d", seq_len(n_therapists))
  therapist_effect <- rnorm(n_therapists, 0, therapist_sd)
  clinic_of <- sprintf("K%d", (seq_len(n_therapists) - 1) %% clinics + 1)
  condition_effect <- setNames(c(0, 8, -6, 4)[seq_along(conditions)], conditions)
  therapist <- rep(seq_len(n_therapists), sizes)
  n <- length(therapist)
  baseline <- rnorm(n, 300, 80) + 10 * (therapist %% 3) # case mix differs between therapists
  last <- sample(2:12, n, replace = TRUE)
  condition <- sample(conditions, n, replace = TRUE)
  change <- 15 + 0.05 * (baseline - 300) + 2 * (last - 6) + condition_effect[condition] +
    therapist_effect[therapist] + rnorm(n, 0, residual_sd)
  rows <- list()
  value <- function(x) level + scale * (x - 300)
  for (i in seq_len(n)) {
    id <- sprintf("c%05d", i)
    cond <- if (condition[i] == "(none)") "" else condition[i]
    site_names <- c("upper_trapezius_left", "upper_trapezius_right")[seq_len(sites)]
    offsets <- if (sites == 2) { d <- rnorm(1, 0, 5); c(-d, d) } else 0
    add <- function(session, phase, v) {
      rows[[length(rows) + 1]] <<- data.frame(
        client_id = id, session = session, phase = phase, measure = "ppt", unit = "kPa",
        value = value(v + offsets), site = site_names, condition = cond,
        clinic_id = clinic_of[therapist[i]], therapist_id = therapist_ids[therapist[i]])
    }
    add(1, "pre", baseline[i])
    add(1, "post", baseline[i] + 5)
    if (last[i] > 2) add(last[i] - 1, "pre", baseline[i] + change[i] / 2)
    add(last[i], "pre", baseline[i] + change[i])
  }
  if (extra_clients) {
    # Left out of the model: only session 1; no therapist on session 1.
    rows[[length(rows) + 1]] <- data.frame(client_id = "x00001", session = 1, phase = "pre", measure = "ppt",
      unit = "kPa", value = value(310), site = "upper_trapezius_left", condition = "", clinic_id = "K1",
      therapist_id = "T001")
    rows[[length(rows) + 1]] <- data.frame(client_id = "x00002", session = c(1, 4), phase = "pre",
      measure = "ppt", unit = "kPa", value = value(c(290, 330)), site = "upper_trapezius_left",
      condition = "", clinic_id = "K1", therapist_id = c("", "T001"))
  }
  do.call(rbind, rows)
}

write_fixture <- function(file, rows, digits = 6) {
  rows$value <- sprintf(paste0("%.", digits, "f"), rows$value)
  write.csv(rows, file, row.names = FALSE, quote = FALSE)
  cat(file, nrow(rows), "rows\n")
}

# Unbalanced sizes (1 to 30 clients), a therapist with one client (T002), three conditions and
# clients without one (`unspecified`), two sites averaged, six clinics.
set.seed(19)
write_fixture("unbalanced.csv", simulate(c(12, 1, 30, 4, 9, 22, 2, 15, 7, 18, 5, 11),
  c("neck_pain", "tension_type_headache", "low_back_pain", "(none)"), therapist_sd = 6, residual_sd = 12,
  clinics = 6))

# One condition: the condition term is left out.
set.seed(20)
write_fixture("one-condition.csv", simulate(c(8, 14, 5, 20, 11, 3, 9), "neck_pain", therapist_sd = 5,
  residual_sd = 10, sites = 1, clinics = 3))

# No therapist variance: the first seed whose REML fit is singular (therapist variance 0).
for (seed in 100:200) {
  set.seed(seed)
  rows <- simulate(c(10, 6, 12, 8, 9, 7, 11, 5), c("neck_pain", "tension_type_headache"), therapist_sd = 0,
    residual_sd = 12, sites = 1, clinics = 3, extra_clients = FALSE)
  pre <- rows[rows$phase == "pre", ]
  first <- pre[pre$session == 1, ]
  last_session <- tapply(pre$session, pre$client_id, max)
  last <- pre[pre$session == last_session[pre$client_id], ]
  d <- data.frame(client = first$client_id, baseline = first$value, therapist = first$therapist_id,
    condition = first$condition, last = last_session[first$client_id],
    change = last$value[match(first$client_id, last$client_id)] - first$value)
  fit <- lmer(change ~ I(baseline - mean(baseline)) + I(last - mean(last)) + condition + (1 | therapist), d)
  if (isSingular(fit)) { cat("singular at seed", seed, "\n"); break }
}
write_fixture("singular.csv", rows)

# 500 therapists of 4 to 16 clients, 20 clinics.
set.seed(500)
write_fixture("therapists-500.csv", simulate(sample(4:16, 500, replace = TRUE),
  c("neck_pain", "tension_type_headache", "(none)"), therapist_sd = 4, residual_sd = 10, sites = 1,
  clinics = 20, extra_clients = FALSE), digits = 4)

# PPT near 2000 kPa with a spread under 1e-3 kPa: the unbalanced design mapped to
# 1999 + 2e-6 (value - 300).
set.seed(19)
write_fixture("near-2000.csv", simulate(c(12, 1, 30, 4, 9, 22, 2, 15, 7, 18, 5, 11),
  c("neck_pain", "tension_type_headache", "low_back_pain", "(none)"), therapist_sd = 6, residual_sd = 12,
  clinics = 6, level = 1999, scale = 2e-6), digits = 12)
