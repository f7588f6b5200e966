# Computes the adjusted comparison of report-contract.md section 6 with R 4.2.2, lme4 1.1-31 and
# lmerTest 3.1-3 for every CSV in this folder (or those named), by therapist and by clinic, and
# writes NAME.expected.json beside each NAME.csv.
#
# Run from this folder:  Rscript expected-adjusted.R [PATH.csv ...]
# (default: every *.csv here and ../../../../test/r-reference/practice.csv, the generated practice
# data set, which the command line's spec runs `outcomes therapists` on)
#
# Clients: a session-1 pre value, a pre value at a later session, and a therapist_id (clinic_id for
# by = clinic) on their session-1 reading (the first in code-point order if its sites differ). Values: the mean of the sites of a (client, session, phase) (trials averaged
# first). change = pre at the last such session - pre at session 1. Model, REML:
#   change ~ baseline_c + sessions_c + condition + (1 | therapist)      (or (1 | clinic))
# baseline_c, sessions_c centred over the model's clients, condition in code-point order (missing:
# "unspecified"; left out with one condition). As in ../mixed-model, the fit is lme4's with the
# optimiser's tolerances tightened; `lme4Default` records how far lme4's default fit is from it.

suppressMessages({ library(lmerTest); library(jsonlite) })

model_clients <- function(csv) {
  rows <- read.csv(csv, stringsAsFactors = FALSE, colClasses = c(value = "numeric"))
  rows[is.na(rows)] <- ""
  pre <- rows[rows$phase == "pre" & rows$measure == "ppt", ]
  # Canonical unit (report-contract.md section 1): kPa.
  kpa_per_unit <- c(kPa = 1, "kg/cm2" = 98.0665, "N/cm2" = 10, "lbf/in2" = 6.894757)
  pre$value <- pre$value * kpa_per_unit[pre$unit]
  if (!"site" %in% names(pre)) pre$site <- ""
  # Trials, then sites, averaged per (client, session).
  site_means <- aggregate(value ~ client_id + session + site, pre, mean)
  cells <- aggregate(value ~ client_id + session, site_means, mean)
  first <- cells[cells$session == 1, ]
  last_session <- tapply(cells$session, cells$client_id, max)
  first <- first[last_session[first$client_id] > 1, ]
  last <- cells[cells$session == last_session[cells$client_id], ]
  # Therapist, clinic and condition of the session-1 reading (first in code-point order if several).
  s1 <- pre[pre$session == 1, ]
  pick <- function(column) tapply(s1[[column]], s1$client_id, function(v) {
    v <- sort(v[v != ""], method = "radix")
    if (length(v) > 0) v[1] else ""
  })
  therapist <- pick("therapist_id")
  clinic <- pick("clinic_id")
  condition <- pick("condition")
  d <- data.frame(client = first$client_id, baseline = first$value,
                  last = as.numeric(last_session[first$client_id]),
                  change = last$value[match(first$client_id, last$client_id)] - first$value,
                  therapist = therapist[first$client_id], clinic = clinic[first$client_id],
                  condition = condition[first$client_id], stringsAsFactors = FALSE)
  d$condition[d$condition == ""] <- "unspecified"
  d
}

# The model's clients are those whose session-1 reading names their therapist (clinic for by =
# clinic); the centring is over them.
fit_by <- function(d, by) {
  d <- d[d[[by]] != "", ]
  d$baseline_c <- d$baseline - mean(d$baseline)
  d$sessions_c <- (d$last - 1) - mean(d$last - 1)
  d$unit <- d[[by]]
  units <- sort(unique(d$unit), method = "radix")
  if (length(units) < 3 || nrow(d) < 10) return(NULL)
  conditions <- sort(unique(d$condition), method = "radix")
  d$condition <- factor(d$condition, levels = conditions)
  fixed <- if (length(conditions) > 1) "change ~ baseline_c + sessions_c + condition" else "change ~ baseline_c + sessions_c"
  formula <- as.formula(paste(fixed, "+ (1 | unit)"))
  tight <- lmerControl(optimizer = "nloptwrap",
                       optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-14, xtol_rel = 0, ftol_rel = 0, maxeval = 1e5))
  model <- lmer(formula, data = d, REML = TRUE, control = tight)
  default_model <- lmer(formula, data = d, REML = TRUE)
  coefs <- summary(model, ddf = "Satterthwaite")$coefficients
  default_coefs <- summary(default_model, ddf = "Satterthwaite")$coefficients
  term_name <- function(r) sub("^condition(.+)$", "condition[\\1]", r)
  all_terms <- colnames(model.matrix(lme4::nobars(formula), d))
  fixed_effects <- lapply(all_terms, function(r) {
    if (!(r %in% rownames(coefs))) return(list(term = term_name(r), estimate = NULL, se = NULL, df = NULL, t = NULL, p = NULL))
    list(term = term_name(r), estimate = coefs[r, "Estimate"], se = coefs[r, "Std. Error"],
         df = coefs[r, "df"], t = coefs[r, "t value"], p = coefs[r, "Pr(>|t|)"])
  })
  unit_var <- VarCorr(model)$unit[1, 1]
  residual_var <- sigma(model)^2
  re <- ranef(model, condVar = TRUE)$unit
  post_var <- attr(re, "postVar")[1, 1, ]
  X <- getME(model, "X")
  fixed_part <- as.vector(X %*% fixef(model))
  entries <- lapply(units, function(u) {
    k <- match(u, rownames(re))
    mine <- d$unit == u
    effect <- re[k, 1]
    sd <- sqrt(post_var[k])
    lo <- effect - 1.959964 * sd
    hi <- effect + 1.959964 * sd
    entry <- list(nClients = sum(mine), observedMeanChange = mean(d$change[mine]),
                  expectedMeanChange = mean(fixed_part[mine]), effect = effect, effectSd = sd,
                  ciLow = lo, ciHigh = hi, adjustedMeanChange = unname(fixef(model)[1]) + effect,
                  signal = if (lo > 0) "above" else if (hi < 0) "below" else "within")
    c(setNames(list(u), by), entry)
  })
  rel <- function(a, b) max(abs(a / b - 1))
  report <- list(fixedEffects = fixed_effects, residualVar = residual_var,
                 icc = unit_var / (unit_var + residual_var), singular = isSingular(model),
                 nClients = nrow(d))
  report[[paste0(by, "Var")]] <- unit_var
  report[[paste0("n", toupper(substring(by, 1, 1)), substring(by, 2), "s")]] <- length(units)
  report[[paste0(by, "s")]] <- entries
  list(report = report, theta = unname(getME(model, "theta")),
       logLikREML = as.numeric(logLik(model)),
       lme4Default = list(
         note = "max relative difference of lme4's default fit from the numbers above",
         estimate = rel(default_coefs[, "Estimate"], coefs[, "Estimate"]),
         se = rel(default_coefs[, "Std. Error"], coefs[, "Std. Error"]),
         df = rel(default_coefs[, "df"], coefs[, "df"])))
}

args <- commandArgs(trailingOnly = TRUE)
files <- if (length(args) > 0) args else
  c(list.files(".", pattern = "\\.csv$"), "../../../../test/r-reference/practice.csv")
for (csv in files) {
  d <- model_clients(csv)
  expected <- list(source = basename(csv), therapist = fit_by(d, "therapist"), clinic = fit_by(d, "clinic"),
                   versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                                   lme4 = as.character(packageVersion("lme4")),
                                   lmerTest = as.character(packageVersion("lmerTest"))))
  out <- sub("\\.csv$", ".expected.json", basename(csv))
  writeLines(toJSON(expected, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), out)
  cat(out, "\n")
}
