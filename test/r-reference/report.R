# An independent implementation of the outcomes report, version 1, in R: report-contract.md
# section 2 (definitions), section 3 (the JSON) and section 5 (course of treatment, contract 1.1),
# from the canonical long CSV of section 1.
# It shares no code with libs/stats; it is the oracle that test/r-reference/*.expected.json come
# from, and so what `outcomes report` is held to on data sets other than the shared reference.
#
# R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, survival 3.5-3, jsonlite. Run from the repository root:
#
#   Rscript test/r-reference/report.R FILE.csv [--measure ppt] [--site all] [--by technique]
#           [--ref NAME] [--mcid X] [--out OUT.json]      # one report, as `outcomes report` takes it
#   Rscript test/r-reference/report.R --cases             # every case of test/r-reference/cases.json
#
# The input is assumed valid (the command line refuses invalid files before any statistic); this
# script only checks what it relies on. Numbers are written with 15 significant digits.
#
# What each part uses, as the contract names it:
#   sessions       mean, sd, median, t.test(x)$conf.int
#   withinSession  t.test(post, pre, paired = TRUE)                      (omitted below 2 pairs)
#   cumulative     t.test(pre_k, pre_1, paired = TRUE)
#   courseChange   t.test of the responders' changes (session 1 to each client's last pre value)
#   responders     change >= MCID (or <= -MCID), prop.test(count, n, correct = FALSE)$conf.int
#   comparisons    t.test(change_b, change_a) (Welch), p.adjust(method = "holm"), Hedges' g written
#                  out from the contract, lm(endpoint ~ baseline + group) and its b - a contrast
#   trajectory     lmer(value ~ time * group + (1 + time | client_id), REML = TRUE) with lmerTest's
#                  Satterthwaite df, optimiser tolerances tightened as in
#                  libs/stats/test-fixtures/mixed-model/expected-trajectory.R
#   timeToResponse survfit(Surv(t, responded) ~ 1, conf.type = "log-log"), quantile(fit, 0.5)
#   durability     t.test(x) on followup - pre_1 and followup - end of course, prop.test as above
#   responseComparison  survdiff(Surv(t, responded) ~ group), pchisq(lower.tail = FALSE)
# Follow-up readings (phase followup, contract 1.1) enter only durability.

suppressMessages({
  library(lmerTest)
  library(jsonlite)
  library(survival)
})

# report-contract.md section 1: canonical unit, accepted units with the factor to the canonical
# unit, direction, default MCID.
MEASURES <- list(
  ppt = list(unit = "kPa", factors = c("kPa" = 1, "kg/cm2" = 98.0665, "N/cm2" = 10, "lbf/in2" = 6.894757),
             higher_is_better = TRUE, mcid = 20.6),
  pain_nrs = list(unit = "score", factors = c("score" = 1), higher_is_better = FALSE, mcid = 2),
  headache_days = list(unit = "days", factors = c("days" = 1), higher_is_better = FALSE, mcid = NA),
  hdi = list(unit = "score", factors = c("score" = 1), higher_is_better = FALSE, mcid = 29)
)
GROUPING_COLUMNS <- c("technique", "therapist_id", "clinic_id", "condition", "all")
# The group of a client whose rows leave the grouping column empty (technique's default is "all").
UNSPECIFIED <- "unspecified"

# Code-point order: R's radix sort compares strings byte by byte, which for UTF-8 is code point order.
sort_cp <- function(x) sort(unique(x), method = "radix")

num <- function(x) if (length(x) == 0 || is.null(x) || !is.finite(x)) NULL else unname(x)

# ---------------------------------------------------------------------------------------------------
# From rows to one value per client, session and phase (contract section 2, first paragraph).

read_observations <- function(file, measure_code, site, by) {
  rows <- read.csv(file, colClasses = "character", na.strings = character(0), check.names = FALSE,
                   encoding = "UTF-8")
  measure <- MEASURES[[measure_code]]
  rows <- rows[rows$measure == measure_code, , drop = FALSE]
  column <- function(name, default) if (name %in% names(rows)) rows[[name]] else rep(default, nrow(rows))
  rows$site <- column("site", "")
  rows$phase <- column("phase", "")
  rows$phase[rows$phase == ""] <- "pre"
  if (site != "all") rows <- rows[rows$site == site, , drop = FALSE]
  if (nrow(rows) == 0) stop("no ", measure_code, " rows", if (site != "all") paste(" at site", site))
  stopifnot(rows$phase %in% c("pre", "post", "followup"), rows$unit %in% names(measure$factors))

  # by = "all": one group of every client (the overview's figure for the whole selection).
  group <- if (by == "all") rep("all", nrow(rows)) else if (by %in% names(rows)) rows[[by]] else rep("", nrow(rows))
  group[group == ""] <- if (by == "technique") "all" else UNSPECIFIED

  observations <- data.frame(
    client_id = rows$client_id, session = as.integer(rows$session), phase = rows$phase,
    site = rows$site, group = group,
    # Converted to the canonical unit: value in the recorded unit times the unit's factor.
    value = as.numeric(rows$value) * unname(measure$factors[rows$unit]),
    stringsAsFactors = FALSE)

  # A client's group: the grouping value on the rows of their earliest session, the first in
  # code-point order if those rows disagree.
  first_session <- ave(observations$session, observations$client_id, FUN = min)
  earliest <- observations[observations$session == first_session, c("client_id", "group")]
  earliest <- earliest[order(earliest$client_id, earliest$group, method = "radix"), ]
  earliest <- earliest[!duplicated(earliest$client_id), ]
  client_group <- setNames(earliest$group, earliest$client_id)

  # Repeat readings (trials) at a site are averaged; then the sites of a client's session and phase.
  by_site <- aggregate(value ~ client_id + session + phase + site, data = observations, FUN = mean)
  by_session <- aggregate(value ~ client_id + session + phase, data = by_site, FUN = mean)
  by_session$group <- unname(client_group[by_session$client_id])
  by_session <- by_session[order(by_session$client_id, by_session$session, by_session$phase, method = "radix"), ]

  # Section 5: a session's date is the earliest date on the client's rows of it (pre and post rows of
  # a treated session; a follow-up visit's own rows), undated when none of them has one.
  dates <- column("session_date", "")
  dated <- data.frame(client_id = rows$client_id, session = as.integer(rows$session),
                      kind = ifelse(rows$phase == "followup", "followup", "treated"),
                      date = as.Date(ifelse(dates == "", NA, dates)), stringsAsFactors = FALSE)
  dated <- dated[!is.na(dated$date), ]
  attr(by_session, "dates") <- if (nrow(dated) > 0) aggregate(date ~ client_id + session + kind, dated, min) else NULL
  by_session
}

# ---------------------------------------------------------------------------------------------------
# Closed-form statistics.

# t.test refuses data whose spread is rounding noise ("data are essentially constant"), and on
# changes that are all 0 it returns NaN for t and the interval. The contract then has no t and p
# (null), while the interval is still mean +/- t(0.975, n - 1) * se, which is [mean, mean] when the
# SD is 0: an interval that can be computed is not null.
t_summary <- function(x) {
  n <- length(x)
  out <- list(n = n, mean = if (n > 0) mean(x) else NA, sd = if (n >= 2) sd(x) else NA,
              ciLow = NA, ciHigh = NA, t = NA, df = if (n >= 2) n - 1 else NA, p = NA)
  if (n < 2) return(out)
  test <- tryCatch(t.test(x), error = function(e) NULL)
  if (is.null(test) || !all(is.finite(c(test$conf.int, test$statistic)))) {
    half <- qt(0.975, n - 1) * out$sd / sqrt(n)
    out$ciLow <- out$mean - half
    out$ciHigh <- out$mean + half
  } else {
    out$ciLow <- test$conf.int[1]
    out$ciHigh <- test$conf.int[2]
    out$t <- unname(test$statistic)
    out$p <- test$p.value
  }
  out
}

paired_change <- function(later, earlier) {
  change <- later - earlier
  s <- t_summary(change)
  if (length(change) >= 2) {
    # The same test as t.test(later, earlier, paired = TRUE); checked here against it.
    test <- tryCatch(t.test(later, earlier, paired = TRUE), error = function(e) NULL)
    if (!is.na(s$t)) stopifnot(isTRUE(all.equal(unname(test$statistic), s$t, tolerance = 1e-12)))
  }
  s
}

describe <- function(x) {
  s <- t_summary(x)
  list(n = s$n, mean = num(s$mean), sd = num(s$sd), ciLow = num(s$ciLow), ciHigh = num(s$ciHigh),
       median = if (length(x) > 0) median(x) else NULL)
}

# A responder improves by at least the MCID in the better direction. Values are decimal
# measurements, and a decimal difference that equals the MCID can come out a hair short of it in
# binary (1.3 - 1.1 = 0.19999999999999996): differences are compared rounded to 9 decimals.
is_responder <- function(change, mcid, higher_is_better) {
  if (higher_is_better) round(change, 9) >= mcid else round(change, 9) <= -mcid
}

wilson <- function(count, n) {
  if (n == 0) return(list(ciLow = NULL, ciHigh = NULL))
  # (prop.test warns that the chi-squared approximation may be poor for small counts: the Wilson
  # interval is what is wanted here, not the test)
  ci <- suppressWarnings(prop.test(count, n, correct = FALSE))$conf.int
  list(ciLow = ci[1], ciHigh = ci[2])
}

welch <- function(changes_a, changes_b) {
  na <- length(changes_a)
  nb <- length(changes_b)
  out <- list(diff = if (na > 0 && nb > 0) mean(changes_b) - mean(changes_a) else NA,
              ciLow = NA, ciHigh = NA, t = NA, df = NA, p = NA)
  if (na < 2 || nb < 2) return(out)
  test <- tryCatch(t.test(changes_b, changes_a, var.equal = FALSE), error = function(e) NULL)
  if (is.null(test)) return(out)
  out$ciLow <- test$conf.int[1]
  out$ciHigh <- test$conf.int[2]
  out$t <- unname(test$statistic)
  out$df <- unname(test$parameter)
  out$p <- test$p.value
  out
}

# Hedges' g as the contract writes it: J * diff / pooled SD, J = 1 - 3 / (4 (nA + nB) - 9),
# CI g +/- z sqrt((nA + nB) / (nA nB) + g^2 / (2 (nA + nB))), z = qnorm(0.975) (the contract's
# 1.959964 is this quantile to 7 digits).
hedges <- function(changes_a, changes_b) {
  na <- length(changes_a)
  nb <- length(changes_b)
  none <- list(g = NA, ciLow = NA, ciHigh = NA)
  if (na + nb < 3 || na == 0 || nb == 0) return(none)
  ss <- function(x) if (length(x) > 1) sum((x - mean(x))^2) else 0
  pooled <- sqrt((ss(changes_a) + ss(changes_b)) / (na + nb - 2))
  if (!is.finite(pooled) || pooled == 0) return(none)
  j <- 1 - 3 / (4 * (na + nb) - 9)
  g <- j * (mean(changes_b) - mean(changes_a)) / pooled
  half <- qnorm(0.975) * sqrt((na + nb) / (na * nb) + g^2 / (2 * (na + nb)))
  list(g = g, ciLow = g - half, ciHigh = g + half)
}

# One model endpoint ~ baseline + group over every client with both values (treatment coding);
# the b - a contrast of its group coefficients.
ancova <- function(endpoint_rows, a, b) {
  none <- list(diff = NULL, se = NULL, df = NULL, ciLow = NULL, ciHigh = NULL, p = NULL)
  present <- sort_cp(endpoint_rows$group)
  if (!(a %in% present) || !(b %in% present)) return(none)
  endpoint_rows$group <- factor(endpoint_rows$group, levels = present)
  fit <- lm(endpoint ~ baseline + group, data = endpoint_rows)
  if (any(is.na(coef(fit)))) return(none) # a term lm cannot estimate (aliased)
  weights <- setNames(rep(0, length(coef(fit))), names(coef(fit)))
  coefficient <- function(g) paste0("group", g)
  if (coefficient(b) %in% names(weights)) weights[coefficient(b)] <- 1
  if (coefficient(a) %in% names(weights)) weights[coefficient(a)] <- -1
  diff <- sum(weights * coef(fit))
  df <- fit$df.residual
  if (df <= 0) return(modifyList(none, list(diff = diff)))
  se <- sqrt(drop(t(weights) %*% vcov(fit) %*% weights))
  q <- qt(0.975, df)
  list(diff = diff, se = se, df = df, ciLow = diff - q * se, ciHigh = diff + q * se,
       p = 2 * pt(-abs(diff / se), df))
}

# ---------------------------------------------------------------------------------------------------
# The mixed model (contract section 2, trajectory).

trajectory <- function(pre, groups) {
  pre$time <- pre$session - 1
  n_times <- length(unique(pre$time))
  if (n_times < 2) return(NULL)
  pre$group <- factor(pre$group, levels = groups)
  structure <- if (n_times >= 3) "intercept+slope" else "intercept"
  random <- if (structure == "intercept+slope") "(1 + time | client_id)" else "(1 | client_id)"
  fixed <- if (length(groups) > 1) "value ~ time * group" else "value ~ time"
  formula <- as.formula(paste(fixed, "+", random))
  tight <- lmerControl(optimizer = "nloptwrap",
                       optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-14, xtol_rel = 0, ftol_rel = 0,
                                      maxeval = 1e5))
  model <- lmer(formula, data = pre, REML = TRUE, control = tight)

  # R names the column of group B "groupB"; the contract "group[B]". A column lme4 drops as not
  # estimable (rank-deficient design) is reported with null numbers.
  term_name <- function(r) sub("group(.+)$", "group[\\1]", r)
  all_terms <- colnames(model.matrix(lme4::nobars(formula), pre))
  coefs <- summary(model, ddf = "Satterthwaite")$coefficients
  fixed_effects <- lapply(all_terms, function(r) {
    if (!(r %in% rownames(coefs))) {
      return(list(term = term_name(r), estimate = NULL, se = NULL, df = NULL, t = NULL, p = NULL))
    }
    list(term = term_name(r), estimate = coefs[r, "Estimate"], se = coefs[r, "Std. Error"],
         df = coefs[r, "df"], t = coefs[r, "t value"], p = coefs[r, "Pr(>|t|)"])
  })
  vc <- VarCorr(model)$client_id
  slopes <- structure == "intercept+slope"
  list(fixedEffects = fixed_effects,
       randomEffects = list(structure = structure, interceptVar = vc[1, 1],
                            slopeVar = if (slopes) vc[2, 2] else NULL,
                            interceptSlopeCov = if (slopes) vc[1, 2] else NULL,
                            residualVar = sigma(model)^2),
       logLikREML = as.numeric(logLik(model)), nObs = nobs(model),
       nClients = length(unique(pre$client_id)), singular = isSingular(model))
}

# ---------------------------------------------------------------------------------------------------
# Course of treatment (contract 1.1, section 5), with the survival package.

# Each client with a session-1 pre value: t = k - 1 at the first later session k whose change meets
# the MCID (responded), else (their last pre session) - 1 (censored).
times_to_response <- function(pre, mcid, higher_is_better) {
  pre <- pre[order(pre$client_id, pre$session, method = "radix"), ]
  starters <- unique(pre$client_id[pre$session == 1])
  rows <- lapply(starters, function(id) {
    mine <- pre[pre$client_id == id, ]
    change <- mine$value[-1] - mine$value[1]
    first <- which(is_responder(change, mcid, higher_is_better))[1]
    data.frame(client_id = id, group = mine$group[1], responded = !is.na(first),
               t = if (is.na(first)) max(mine$session) - 1 else mine$session[first + 1] - 1,
               stringsAsFactors = FALSE)
  })
  if (length(rows) == 0) return(data.frame(client_id = character(0), group = character(0),
                                           responded = logical(0), t = numeric(0)))
  do.call(rbind, rows)
}

course_of_treatment <- function(pre, followup, session_dates, mcid, higher_is_better) {
  times <- times_to_response(pre, mcid, higher_is_better)
  time_to_response <- NULL
  if (nrow(times) > 0) {
    fit <- survfit(Surv(t, responded) ~ 1, data = times, conf.type = "log-log")
    median <- quantile(fit, 0.5)
    steps <- lapply(seq_along(fit$time), function(i) list(
      t = fit$time[i], nRisk = fit$n.risk[i], nEvent = fit$n.event[i], nCensor = fit$n.censor[i],
      responded = 1 - fit$surv[i], ciLow = num(1 - fit$upper[i]), ciHigh = num(1 - fit$lower[i])))
    time_to_response <- list(n = nrow(times), events = sum(times$responded), steps = steps,
                             medianSessions = num(median$quantile), ciLow = num(median$lower),
                             ciHigh = num(median$upper))
  }

  # Durability: clients with session 1, a last pre session k > 1 and a follow-up after it.
  if (nrow(followup) == 0) return(list(timeToResponse = time_to_response, durability = NULL))
  date_of <- function(id, session, kind) {
    hit <- session_dates$date[session_dates$client_id == id & session_dates$session == session &
                              session_dates$kind == kind]
    if (length(hit) == 0) as.Date(NA) else hit
  }
  held <- list()
  for (id in unique(times$client_id)) {
    mine <- pre[pre$client_id == id, ]
    mine <- mine[order(mine$session), ]
    if (nrow(mine) < 2) next
    end <- mine[nrow(mine), ]
    later <- followup[followup$client_id == id & followup$session > end$session, ]
    if (nrow(later) == 0) next
    visit <- later[which.min(later$session), ]
    held[[length(held) + 1]] <- list(
      sinceStart = visit$value - mine$value[1], sinceEnd = visit$value - end$value,
      endResponder = is_responder(end$value - mine$value[1], mcid, higher_is_better),
      days = as.numeric(date_of(id, visit$session, "followup") - date_of(id, end$session, "treated")))
  }
  one_sample <- function(x) {
    r <- t_summary(x)
    list(n = r$n, meanChange = num(r$mean), sd = num(r$sd), ciLow = num(r$ciLow), ciHigh = num(r$ciHigh),
         t = num(r$t), df = num(r$df), p = num(r$p))
  }
  since_start <- vapply(held, function(x) x$sinceStart, numeric(1))
  since_end <- vapply(held, function(x) x$sinceEnd, numeric(1))
  at_followup <- is_responder(since_start, mcid, higher_is_better)
  at_end <- vapply(held, function(x) x$endResponder, logical(1))
  days <- vapply(held, function(x) x$days, numeric(1))
  n <- length(held)
  count <- sum(at_followup)
  held_n <- sum(at_end)
  held_count <- sum(at_end & at_followup)
  durability <- list(
    n = n, sinceStart = one_sample(since_start), sinceEndOfCourse = one_sample(since_end),
    respondersAtFollowup = c(list(threshold = mcid, n = n, count = count, rate = if (n > 0) count / n else NULL),
                             wilson(count, n)),
    heldByResponders = c(list(count = held_count, n = held_n, rate = if (held_n > 0) held_count / held_n else NULL),
                         wilson(held_count, held_n)),
    medianDaysToFollowup = if (n == 0 || anyNA(days)) NULL else median(days))
  list(timeToResponse = time_to_response, durability = durability)
}

# survdiff over the groups that have clients; null with fewer than 2, or when fewer than 2 groups
# have an expected number of responses above 0 (nobody responded).
log_rank <- function(pre, mcid, higher_is_better) {
  times <- times_to_response(pre, mcid, higher_is_better)
  present <- sort_cp(times$group)
  if (length(present) < 2) return(NULL)
  times$group <- factor(times$group, levels = present)
  test <- suppressWarnings(survdiff(Surv(t, responded) ~ group, data = times))
  df <- sum(test$exp > 0) - 1
  if (df < 1) return(NULL)
  list(chisq = test$chisq, df = df, p = pchisq(test$chisq, df, lower.tail = FALSE))
}

# ---------------------------------------------------------------------------------------------------
# The report.

outcomes_report <- function(file, measure_code = "ppt", site = "all", by = "technique", ref = NULL,
                            mcid = NULL) {
  measure <- MEASURES[[measure_code]]
  if (is.null(measure)) stop("unknown measure ", measure_code)
  if (!(by %in% GROUPING_COLUMNS)) stop("cannot group by ", by)
  if (is.null(mcid)) mcid <- measure$mcid
  if (is.na(mcid)) stop(measure_code, " has no default MCID: give --mcid")

  obs <- read_observations(file, measure_code, site, by)
  session_dates <- attr(obs, "dates")
  followup <- obs[obs$phase == "followup", ]
  obs <- obs[obs$phase != "followup", ]
  pre <- obs[obs$phase == "pre", ]
  post <- obs[obs$phase == "post", ]
  groups <- sort_cp(c(obs$group, followup$group))
  if (is.null(ref)) ref <- groups[1]
  if (!(ref %in% groups)) stop("reference group ", ref, " not found")
  endpoint <- if (nrow(pre) > 0) max(pre$session) else NA

  baseline_of <- function(clients) {
    b <- pre[pre$session == 1 & pre$client_id %in% clients, ]
    setNames(b$value, b$client_id)
  }
  # Per-client change pre_k - pre_1 over clients of `clients` with both.
  change_at <- function(clients, k) {
    base <- baseline_of(clients)
    at_k <- pre[pre$session == k & pre$client_id %in% names(base), ]
    list(later = at_k$value, earlier = unname(base[at_k$client_id]))
  }

  group_reports <- lapply(groups, function(g) {
    clients <- unique(c(obs$client_id[obs$group == g], followup$client_id[followup$group == g]))
    mine <- obs[obs$group == g, ]
    cells <- unique(mine[, c("session", "phase")])
    cells <- cells[order(cells$session, cells$phase == "post"), ]
    sessions <- lapply(seq_len(nrow(cells)), function(i) {
      values <- mine$value[mine$session == cells$session[i] & mine$phase == cells$phase[i]]
      c(list(session = cells$session[i], phase = cells$phase[i]), describe(values))
    })

    within <- list()
    for (s in sort(unique(mine$session[mine$phase == "post"]))) {
      p <- merge(pre[pre$session == s & pre$client_id %in% clients, c("client_id", "value")],
                 post[post$session == s & post$client_id %in% clients, c("client_id", "value")],
                 by = "client_id", suffixes = c(".pre", ".post"))
      if (nrow(p) < 2) next
      r <- paired_change(p$value.post, p$value.pre)
      within[[length(within) + 1]] <- list(
        session = s, n = r$n, meanChange = num(r$mean), sd = num(r$sd), ciLow = num(r$ciLow),
        ciHigh = num(r$ciHigh), t = num(r$t), df = num(r$df), p = num(r$p),
        dz = if (is.na(r$t)) NULL else r$mean / r$sd)
    }

    cumulative <- list()
    my_pre_sessions <- sort(unique(mine$session[mine$phase == "pre"]))
    for (k in my_pre_sessions[my_pre_sessions > 1]) {
      ch <- change_at(clients, k)
      r <- paired_change(ch$later, ch$earlier)
      cumulative[[length(cumulative) + 1]] <- list(
        session = k, n = r$n, meanChange = num(r$mean), ciLow = num(r$ciLow), ciHigh = num(r$ciHigh),
        t = num(r$t), df = num(r$df), p = num(r$p))
    }

    # Responders: change from session 1 to the client's last later session with a pre value.
    base <- baseline_of(clients)
    later <- pre[pre$client_id %in% names(base) & pre$session > 1, ]
    last <- later[order(later$client_id, -later$session, method = "radix"), ]
    last <- last[!duplicated(last$client_id), ]
    changes <- last$value - unname(base[last$client_id])
    count <- sum(is_responder(changes, mcid, measure$higher_is_better))
    n <- length(changes)
    responders <- c(list(threshold = mcid, n = n, count = count, rate = if (n > 0) count / n else NULL),
                    wilson(count, n))
    # The change over the whole course: the same changes, as a one-sample t (t.test(changes)).
    whole <- paired_change(last$value, unname(base[last$client_id]))
    course_change <- list(n = whole$n, meanChange = num(whole$mean), sd = num(whole$sd),
                          ciLow = num(whole$ciLow), ciHigh = num(whole$ciHigh), t = num(whole$t),
                          df = num(whole$df), p = num(whole$p))

    course <- course_of_treatment(pre[pre$group == g, ], followup[followup$group == g, ], session_dates,
                                  mcid, measure$higher_is_better)
    list(name = g, nClients = length(clients), sessions = sessions, withinSession = within,
         cumulative = cumulative, courseChange = course_change, responders = responders,
         timeToResponse = course$timeToResponse, durability = course$durability)
  })
  response_comparison <- log_rank(pre, mcid, measure$higher_is_better)

  comparisons <- list()
  if (!is.na(endpoint) && endpoint >= 2 && length(groups) > 1) {
    base_all <- baseline_of(unique(obs$client_id))
    at_end <- pre[pre$session == endpoint & pre$client_id %in% names(base_all), ]
    endpoint_rows <- data.frame(group = at_end$group, baseline = unname(base_all[at_end$client_id]),
                                endpoint = at_end$value, stringsAsFactors = FALSE)
    change_of <- function(g) with(endpoint_rows[endpoint_rows$group == g, ], endpoint - baseline)
    for (i in seq_along(groups)) for (j in seq_along(groups)) {
      if (j <= i) next
      a <- groups[i]
      b <- groups[j]
      ca <- change_of(a)
      cb <- change_of(b)
      w <- welch(ca, cb)
      h <- hedges(ca, cb)
      comparisons[[length(comparisons) + 1]] <- list(
        a = a, b = b, endpointSession = endpoint, nA = length(ca), nB = length(cb),
        diff = num(w$diff), ciLow = num(w$ciLow), ciHigh = num(w$ciHigh), t = num(w$t), df = num(w$df),
        p = num(w$p), pHolm = NA, hedgesG = num(h$g), gCiLow = num(h$ciLow), gCiHigh = num(h$ciHigh),
        ancova = ancova(endpoint_rows, a, b))
    }
    p <- sapply(comparisons, function(c) if (is.null(c$p)) NA else c$p)
    holm <- p.adjust(p, method = "holm")
    # (`[<-` with list(): assigning NULL with `$<-` would delete the field instead of making it null)
    for (i in seq_along(comparisons)) comparisons[[i]]["pHolm"] <- list(num(holm[i]))
  }

  list(version = 1, measure = measure_code, unit = measure$unit, site = site, by = by, mcid = mcid,
       reference = ref, endpointSession = num(endpoint), groups = group_reports,
       comparisons = comparisons, responseComparison = response_comparison,
       trajectory = if (nrow(pre) > 0) trajectory(pre, c(ref, setdiff(groups, ref))) else NULL)
}

to_json <- function(report) {
  toJSON(report, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE)
}

# ---------------------------------------------------------------------------------------------------
# Command line.

parse_arguments <- function(args) {
  options <- list(measure = "ppt", site = "all", by = "technique", ref = NULL, mcid = NULL, out = NULL)
  positionals <- character(0)
  i <- 1
  while (i <= length(args)) {
    arg <- args[i]
    if (startsWith(arg, "--")) {
      name <- sub("^--", "", arg)
      if (!(name %in% names(options))) stop("unknown option ", arg)
      options[[name]] <- args[i + 1]
      i <- i + 2
    } else {
      positionals <- c(positionals, arg)
      i <- i + 1
    }
  }
  if (length(positionals) != 1) stop("give exactly one FILE")
  if (!is.null(options$mcid)) options$mcid <- as.numeric(options$mcid)
  c(list(file = positionals), options)
}

run_case <- function(args) {
  o <- parse_arguments(args)
  json <- to_json(outcomes_report(o$file, o$measure, o$site, o$by, o$ref, o$mcid))
  if (is.null(o$out)) cat(json, "\n", sep = "") else writeLines(json, o$out)
}

main <- function(args) {
  if (length(args) >= 1 && args[1] == "--cases") {
    manifest <- if (length(args) >= 2) args[2] else "test/r-reference/cases.json"
    here <- dirname(manifest)
    cases <- fromJSON(manifest, simplifyVector = FALSE)$cases
    for (case in cases) {
      file <- file.path(here, case$file)
      out <- file.path(here, "expected", paste0(case$name, ".expected.json"))
      started <- proc.time()[["elapsed"]]
      run_case(c(file, unlist(case$args), "--out", out))
      cat(sprintf("%-40s %6.1f s\n", out, proc.time()[["elapsed"]] - started))
    }
  } else {
    run_case(args)
  }
}

main(commandArgs(trailingOnly = TRUE))
