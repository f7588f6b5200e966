# The same model as the report's trajectory, fitted the way an analyst would: lme4's lmer with its
# default optimiser, on the benchmark file. Times reading and fitting separately and records whether
# lme4 warned about convergence. Writes JSON to OUT.
#
#   Rscript bench/lmer.R bench/out/bench-100000x12-seed1.csv bench/out/lmer.json
#
# Model: value ~ time * group + (1 + time | client_id), REML, time = session - 1, groups in
# code-point order (the first is the reference, as in the report).

suppressMessages({
  library(lme4)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 2)
file <- args[1]
out <- args[2]

elapsed <- function() proc.time()[["elapsed"]]
started <- elapsed()
reader <- if (requireNamespace("data.table", quietly = TRUE)) "data.table::fread" else "utils::read.csv"
rows <- if (reader == "data.table::fread") {
  as.data.frame(data.table::fread(file, select = c("client_id", "technique", "session", "phase", "value")))
} else {
  read.csv(file)
}
rows <- rows[rows$phase == "pre", ]
rows$time <- rows$session - 1
rows$group <- factor(rows$technique, levels = sort(unique(rows$technique), method = "radix"))
read_seconds <- elapsed() - started

warnings <- character(0)
fit_started <- elapsed()
model <- withCallingHandlers(
  lmer(value ~ time * group + (1 + time | client_id), data = rows, REML = TRUE),
  warning = function(w) {
    warnings <<- c(warnings, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
fit_seconds <- elapsed() - fit_started

term_name <- function(r) sub("group(.+)$", "group[\\1]", r)
fixed <- fixef(model)
vc <- VarCorr(model)$client_id
result <- list(
  reader = reader, rows = nrow(rows), clients = length(unique(rows$client_id)),
  readSeconds = read_seconds, fitSeconds = fit_seconds,
  warnings = I(warnings),
  convergenceWarning = any(grepl("converge", warnings, ignore.case = TRUE)),
  lme4Messages = I(as.character(unlist(model@optinfo$conv$lme4$messages))),
  optimizer = model@optinfo$optimizer,
  fixedEffects = setNames(as.list(unname(fixed)), term_name(names(fixed))),
  randomEffects = list(interceptVar = vc[1, 1], slopeVar = vc[2, 2], interceptSlopeCov = vc[1, 2],
                       residualVar = sigma(model)^2),
  logLikREML = as.numeric(logLik(model)),
  versions = list(R = R.version.string, lme4 = as.character(packageVersion("lme4"))))
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
