# Computes the expected `trajectory` of report-contract.md section 2 with R 4.2.2, lme4 1.1-31 and
# lmerTest 3.1-3 (Satterthwaite df) for every fixture CSV in this folder and for the shared reference
# orthodont.csv, and writes NAME.expected.json for each NAME.csv into this folder.
#
# Run from this folder:  Rscript expected-trajectory.R [PATH.csv ...]
# (default: every *.csv here and ../../../../../shared/reference/orthodont.csv)
#
# Model: value ~ time * group + (1 + time | client_id), REML, time = session - 1; without the group
# terms with one group; random part (1 | client_id) with fewer than 3 distinct sessions.
#
# lme4's default optimizer stops about 1e-6 (relative, in theta) from the REML optimum, which on
# unbalanced data moves the fixed effects by up to ~1e-5 relative. The expected numbers therefore come
# from the same lmer() call with the optimizer's tolerances tightened (nloptwrap, absolute tolerances
# 1e-14); `lme4Default` records how far the default fit is from them, term by term. (The shared
# reference orthodont.expected.json comes from the default fit, so its variance components are off by
# up to 1.4e-4 relative: the orthodont.expected.json here has the converged numbers.)

suppressMessages({ library(lmerTest); library(jsonlite) })

fit_fixture <- function(csv) {
  rows <- read.csv(csv, stringsAsFactors = FALSE)
  rows <- rows[rows$phase == "pre", ]
  rows$time <- rows$session - 1
  groups <- sort(unique(rows$technique), method = "radix") # code-point order; the first is the reference
  rows$group <- factor(rows$technique, levels = groups)
  n_times <- length(unique(rows$time))
  stopifnot(n_times >= 2)
  structure <- if (n_times >= 3) "intercept+slope" else "intercept"
  random <- if (structure == "intercept+slope") "(1 + time | client_id)" else "(1 | client_id)"
  fixed <- if (length(groups) > 1) "value ~ time * group" else "value ~ time"
  formula <- as.formula(paste(fixed, "+", random))

  tight <- lmerControl(optimizer = "nloptwrap",
                       optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-14, xtol_rel = 0, ftol_rel = 0, maxeval = 1e5))
  model <- lmer(formula, data = rows, REML = TRUE, control = tight)
  default_model <- lmer(formula, data = rows, REML = TRUE)

  # R names group[B] "groupB"; the contract names it "group[B]". A term lme4 drops as not estimable
  # (rank-deficient design) is reported with null numbers.
  term_name <- function(r) sub("group(.+)$", "group[\\1]", r)
  all_terms <- colnames(model.matrix(lme4::nobars(formula), rows))
  coefs <- summary(model, ddf = "Satterthwaite")$coefficients
  default_coefs <- summary(default_model, ddf = "Satterthwaite")$coefficients
  fixed_effects <- lapply(all_terms, function(r) {
    if (!(r %in% rownames(coefs))) {
      return(list(term = term_name(r), estimate = NULL, se = NULL, df = NULL, t = NULL, p = NULL))
    }
    list(term = term_name(r), estimate = coefs[r, "Estimate"], se = coefs[r, "Std. Error"],
         df = coefs[r, "df"], t = coefs[r, "t value"], p = coefs[r, "Pr(>|t|)"])
  })

  vc <- VarCorr(model)$client_id
  residual_var <- sigma(model)^2
  random_effects <- list(structure = structure, interceptVar = vc[1, 1],
                         slopeVar = if (structure == "intercept+slope") vc[2, 2] else NULL,
                         interceptSlopeCov = if (structure == "intercept+slope") vc[1, 2] else NULL,
                         residualVar = residual_var)

  # Conditional modes (BLUPs) and conditional variances of the first three clients (in CSV order).
  re <- ranef(model, condVar = TRUE)$client_id
  post_var <- attr(re, "postVar")
  pinned <- unique(rows$client_id)[1:3]
  conditional_modes <- lapply(pinned, function(id) {
    k <- match(id, rownames(re))
    v <- post_var[, , k]
    if (structure == "intercept+slope") {
      list(client = id, intercept = re[k, 1], slope = re[k, 2],
           interceptVar = v[1, 1], slopeVar = v[2, 2], interceptSlopeCov = v[1, 2])
    } else {
      list(client = id, intercept = re[k, 1], interceptVar = v)
    }
  })

  rel <- function(a, b) max(abs(a / b - 1))
  list(
    source = basename(csv),
    formula = paste(deparse(formula), collapse = ""),
    groups = I(groups),
    trajectory = list(fixedEffects = fixed_effects, randomEffects = random_effects,
                      logLikREML = as.numeric(logLik(model)), nObs = nobs(model),
                      nClients = nlevels(factor(rows$client_id)), singular = isSingular(model)),
    theta = I(unname(getME(model, "theta"))),
    conditionalModes = conditional_modes,
    lme4Default = list(
      note = "max relative difference of lme4's default fit (nloptwrap, default tolerances) from the numbers above",
      estimate = rel(default_coefs[, "Estimate"], coefs[, "Estimate"]),
      se = rel(default_coefs[, "Std. Error"], coefs[, "Std. Error"]),
      df = rel(default_coefs[, "df"], coefs[, "df"]),
      logLikREML = rel(as.numeric(logLik(default_model)), as.numeric(logLik(model)))),
    versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                    lme4 = as.character(packageVersion("lme4")), lmerTest = as.character(packageVersion("lmerTest"))))
}

args <- commandArgs(trailingOnly = TRUE)
files <- if (length(args) > 0) args else
  c(list.files(".", pattern = "\\.csv$"), "../../../../../shared/reference/orthodont.csv")
for (csv in files) {
  expected <- fit_fixture(csv)
  out <- sub("\\.csv$", ".expected.json", basename(csv))
  writeLines(toJSON(expected, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), out)
  cat(out, "\n")
}
