# Reference values for src/proportion/*.spec.ts: Wilson score interval without continuity
# correction, as prop.test(x, n, correct = FALSE)$conf.int (R 4.2.2).
# Rerun: Rscript libs/stats/test-fixtures/proportion.R
f <- function(label, x) cat(sprintf("%-50s %.17g\n", label, x))
for (xn in list(c(9, 11), c(14, 16), c(0, 10), c(10, 10), c(1, 1), c(0, 1), c(37, 100), c(1, 2))) {
  ci <- suppressWarnings(prop.test(xn[1], xn[2], correct = FALSE))$conf.int
  f(sprintf("prop.test(%d, %d, correct = FALSE)$conf.int[1]", xn[1], xn[2]), ci[1])
  f(sprintf("prop.test(%d, %d, correct = FALSE)$conf.int[2]", xn[1], xn[2]), ci[2])
}
ci <- prop.test(37, 100, correct = FALSE, conf.level = 0.9)$conf.int
f("prop.test(37, 100, correct = FALSE, conf.level = 0.9)$conf.int[1]", ci[1])
f("prop.test(37, 100, correct = FALSE, conf.level = 0.9)$conf.int[2]", ci[2])
