# The adjusted comparison of therapists (report-contract.md section 6) fitted the way an analyst
# would: lme4's lmer with its default optimiser, lmerTest's Satterthwaite df and
# ranef(condVar = TRUE), on the bench's file. Times reading, the fit, the df and the conditional
# modes separately, and writes JSON to OUT.
#
#   Rscript bench/adjusted-lmer.R bench/out/adjusted-100000x500-seed1.csv bench/out/adjusted-lmer.json
#
# The file has one site and pre readings only at session 1 and at each client's last session, all
# in kPa, so a client's change is the difference of their two values.

suppressMessages({
  library(lmerTest)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 2)
file <- args[1]
out <- args[2]

elapsed <- function() proc.time()[["elapsed"]]
cpu <- function() { t <- proc.time(); t[["user.self"]] + t[["sys.self"]] }
started <- elapsed()
reader <- if (requireNamespace("data.table", quietly = TRUE)) "data.table::fread" else "utils::read.csv"
rows <- if (reader == "data.table::fread") {
  as.data.frame(data.table::fread(file, na.strings = ""))
} else {
  read.csv(file, na.strings = "", stringsAsFactors = FALSE)
}
rows <- rows[rows$phase == "pre" & rows$measure == "ppt", ]
first <- rows[rows$session == 1, ]
later <- rows[rows$session > 1, ]
d <- data.frame(client = first$client_id, baseline = first$value, therapist = first$therapist_id,
                condition = ifelse(is.na(first$condition), "unspecified", first$condition))
k <- match(d$client, later$client_id)
d$last <- later$session[k]
d$change <- later$value[k] - d$baseline
d <- d[!is.na(d$last) & !is.na(d$therapist), ]
d$baseline_c <- d$baseline - mean(d$baseline)
d$sessions_c <- (d$last - 1) - mean(d$last - 1)
d$condition <- factor(d$condition, levels = sort(unique(d$condition), method = "radix"))
read_seconds <- elapsed() - started

warnings <- character(0)
fit_started <- elapsed()
fit_cpu_started <- cpu()
model <- withCallingHandlers(
  lmer(change ~ baseline_c + sessions_c + condition + (1 | therapist), data = d, REML = TRUE),
  warning = function(w) {
    warnings <<- c(warnings, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
fit_seconds <- elapsed() - fit_started
fit_cpu_seconds <- cpu() - fit_cpu_started
df_started <- elapsed()
coefs <- summary(model, ddf = "Satterthwaite")$coefficients
df_seconds <- elapsed() - df_started
ranef_started <- elapsed()
re <- ranef(model, condVar = TRUE)$therapist
ranef_seconds <- elapsed() - ranef_started

term_name <- function(r) sub("^condition(.+)$", "condition[\\1]", r)
result <- list(
  reader = reader, clients = nrow(d), therapists = nlevels(factor(d$therapist)),
  readSeconds = read_seconds, fitSeconds = fit_seconds, fitCpuSeconds = fit_cpu_seconds, satterthwaiteSeconds = df_seconds,
  ranefSeconds = ranef_seconds,
  warnings = I(warnings),
  fixedEffects = setNames(as.list(unname(coefs[, "Estimate"])), term_name(rownames(coefs))),
  df = setNames(as.list(unname(coefs[, "df"])), term_name(rownames(coefs))),
  therapistVar = VarCorr(model)$therapist[1, 1], residualVar = sigma(model)^2,
  singular = isSingular(model),
  versions = list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
                  lmerTest = as.character(packageVersion("lmerTest"))))
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
