# Computes, with R 4.2.2 and the survival package (3.x), the course-of-treatment fields of
# report-contract.md section 5 for every fixture CSV in this folder, and writes NAME.expected.json
# for each NAME.csv. Measure ppt, higher is better, MCID 20.6 kPa, site = all, grouped by technique.
#
# Run from this folder:  Rscript expected-survival.R [PATH.csv ...]   (default: every *.csv here)
#
# - timeToResponse: survfit(Surv(t, responded) ~ 1, conf.type = "log-log") per group, reported as
#   1 - S with ciLow = 1 - upper, ciHigh = 1 - lower; the median and its interval by quantile(fit, 0.5).
# - responseComparison: survdiff(Surv(t, responded) ~ group) over the groups with clients; null when
#   fewer than 2 such groups, or fewer than 2 groups with an expected number of responses above 0
#   (no response to compare: R's df would be 0 or -1).
# - durability: one-sample t.test and prop.test(correct = FALSE) on the per-client changes.
# Each group also lists what R derived per client, so that the specs of the separate functions can
# be fed R's own inputs.

suppressMessages({ library(survival); library(jsonlite) })

MCID <- 20.6
# A change within 1e-9 of the MCID counts as reaching it (libs/stats responder.ts); none of these
# fixtures has a change that close, so this is R's plain >= in effect.
responds <- function(change) change >= MCID * (1 - 1e-9)
na_null <- function(x) if (length(x) == 0 || is.na(x)) NULL else unname(x)

expected_for <- function(csv) {
  rows <- read.csv(csv, stringsAsFactors = FALSE, colClasses = c(site = "character", session_date = "character"))
  rows$site[is.na(rows$site)] <- ""
  rows$date <- as.Date(ifelse(rows$session_date == "", NA, rows$session_date))
  # Contract section 2: average trials within a site, then the sites of a (client, session, phase).
  per_site <- aggregate(value ~ client_id + technique + session + phase + site, rows, mean)
  cells <- aggregate(value ~ client_id + technique + session + phase, per_site, mean)
  # A session's date: the earliest date on the client's rows of that session (treated: pre and
  # post rows; follow-up: its own rows); undated when none of them has a date.
  rows$kind <- ifelse(rows$phase == "followup", "followup", "treated")
  dated <- rows[!is.na(rows$date), ]
  session_dates <- if (nrow(dated) > 0) aggregate(date ~ client_id + session + kind, dated, min) else NULL
  date_of <- function(id, session, kind) {
    if (is.null(session_dates)) return(as.Date(NA))
    hit <- session_dates$date[session_dates$client_id == id & session_dates$session == session & session_dates$kind == kind]
    if (length(hit) == 0) as.Date(NA) else hit
  }

  groups <- sort(unique(rows$technique), method = "radix")
  clients <- sort(unique(rows$client_id), method = "radix")
  per_client <- lapply(clients, function(id) {
    mine <- cells[cells$client_id == id, ]
    pre <- mine[mine$phase == "pre", ]
    pre <- pre[order(pre$session), ]
    followup <- mine[mine$phase == "followup", ]
    followup <- followup[order(followup$session), ]
    out <- list(id = id, group = mine$technique[which.min(mine$session)], hasFollowup = nrow(followup) > 0)
    if (nrow(pre) == 0 || pre$session[1] != 1) return(out)
    change <- pre$value[-1] - pre$value[1]
    first <- which(responds(change))[1]
    out$responded <- !is.na(first)
    out$t <- if (out$responded) pre$session[first + 1] - 1 else max(pre$session) - 1
    if (nrow(pre) >= 2 && nrow(followup) >= 1) {
      end <- pre[nrow(pre), ]
      out$durability <- list(baseline = pre$value[1], endOfCourse = end$value, followup = followup$value[1],
                             daysToFollowup = as.numeric(date_of(id, followup$session[1], "followup") -
                                                         date_of(id, end$session, "treated")))
    }
    out
  })
  in_group <- function(g) Filter(function(client) client$group == g && !is.null(client$t), per_client)

  one_sample <- function(x) {
    if (length(x) < 2) return(list(n = length(x), meanChange = if (length(x) == 1) x else NULL, sd = NULL, ciLow = NULL,
                                   ciHigh = NULL, t = NULL, df = NULL, p = NULL))
    test <- t.test(x)
    list(n = length(x), meanChange = mean(x), sd = sd(x), ciLow = test$conf.int[1], ciHigh = test$conf.int[2],
         t = unname(test$statistic), df = unname(test$parameter), p = test$p.value)
  }
  wilson <- function(count, n) {
    if (n == 0) return(list(n = 0, count = 0, rate = NULL, ciLow = NULL, ciHigh = NULL))
    ci <- suppressWarnings(prop.test(count, n, correct = FALSE))$conf.int
    list(n = n, count = count, rate = count / n, ciLow = ci[1], ciHigh = ci[2])
  }

  group_expected <- lapply(groups, function(g) {
    members <- in_group(g)
    t <- vapply(members, function(client) client$t, numeric(1))
    responded <- vapply(members, function(client) client$responded, logical(1))
    time_to_response <- NULL
    if (length(members) > 0) {
      fit <- survfit(Surv(t, responded) ~ 1, conf.type = "log-log")
      median <- quantile(fit, 0.5)
      steps <- lapply(seq_along(fit$time), function(i) list(
        t = fit$time[i], nRisk = fit$n.risk[i], nEvent = fit$n.event[i], nCensor = fit$n.censor[i],
        responded = 1 - fit$surv[i], ciLow = na_null(1 - fit$upper[i]), ciHigh = na_null(1 - fit$lower[i])))
      time_to_response <- list(n = length(members), events = sum(responded), steps = steps,
                               medianSessions = na_null(median$quantile), ciLow = na_null(median$lower),
                               ciHigh = na_null(median$upper))
    }
    held <- Filter(function(client) !is.null(client$durability), members)
    # Null only when no client of the group (with or without a session-1 value) has a follow-up.
    durability <- NULL
    if (any(vapply(per_client, function(client) client$group == g && client$hasFollowup, logical(1)))) {
      d <- lapply(held, function(client) client$durability)
      since_start <- vapply(d, function(x) x$followup - x$baseline, numeric(1))
      since_end <- vapply(d, function(x) x$followup - x$endOfCourse, numeric(1))
      at_end <- vapply(d, function(x) responds(x$endOfCourse - x$baseline), logical(1))
      at_followup <- vapply(d, function(x) responds(x$followup - x$baseline), logical(1))
      days <- vapply(d, function(x) x$daysToFollowup, numeric(1))
      responders <- wilson(sum(at_followup), length(d))
      durability <- list(n = length(d), sinceStart = one_sample(since_start), sinceEndOfCourse = one_sample(since_end),
                         respondersAtFollowup = c(list(threshold = MCID), responders),
                         heldByResponders = wilson(sum(at_end & at_followup), sum(at_end)),
                         medianDaysToFollowup = if (length(days) == 0 || anyNA(days)) NULL else median(days))
    }
    list(name = g,
         clientsWithFollowup = sum(vapply(per_client, function(client) client$group == g && client$hasFollowup, logical(1))),
         clients = lapply(members, function(client) list(id = client$id, t = client$t, responded = client$responded)),
         durabilityClients = lapply(held, function(client) c(list(id = client$id), lapply(client$durability, na_null))),
         timeToResponse = time_to_response, durability = durability)
  })

  analysed <- Filter(function(client) !is.null(client$t), per_client)
  groups_with_clients <- unique(vapply(analysed, function(client) client$group, character(1)))
  comparison <- NULL
  if (length(groups_with_clients) >= 2) {
    data <- data.frame(t = vapply(analysed, function(client) client$t, numeric(1)),
                       responded = vapply(analysed, function(client) client$responded, logical(1)),
                       group = factor(vapply(analysed, function(client) client$group, character(1)),
                                      levels = sort(groups_with_clients, method = "radix")))
    test <- suppressWarnings(survdiff(Surv(t, responded) ~ group, data = data)) # pchisq warns when df < 1
    df <- sum(test$exp > 0) - 1
    if (df >= 1) comparison <- list(chisq = test$chisq, df = df, p = pchisq(test$chisq, df, lower.tail = FALSE))
  }

  list(source = basename(csv), mcid = MCID, groups = group_expected, responseComparison = comparison,
       versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                       survival = as.character(packageVersion("survival"))))
}

args <- commandArgs(trailingOnly = TRUE)
files <- if (length(args) > 0) args else list.files(".", pattern = "\\.csv$")
for (csv in files) {
  out <- sub("\\.csv$", ".expected.json", basename(csv))
  writeLines(toJSON(expected_for(csv), auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), out)
  cat(out, "\n")
}
