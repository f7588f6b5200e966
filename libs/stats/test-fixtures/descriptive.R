# Reference values for src/descriptive/*.spec.ts (R 4.2.2, base stats and datasets).
# Rerun: Rscript libs/stats/test-fixtures/descriptive.R
f <- function(label, x) cat(sprintf("%-52s %.17g\n", label, x))
describe <- function(label, x, level = 0.95) {
  ci <- t.test(x, conf.level = level)$conf.int
  f(paste0(label, ": mean(x)"), mean(x))
  f(paste0(label, ": sd(x)"), sd(x))
  f(paste0(label, ": var(x)"), var(x))
  f(paste0(label, ": t.test(x, conf.level = ", level, ")$conf.int[1]"), ci[1])
  f(paste0(label, ": t.test(x, conf.level = ", level, ")$conf.int[2]"), ci[2])
  f(paste0(label, ": median(x)"), median(x))
}
describe("mtcars$mpg", mtcars$mpg)
describe("mtcars$mpg", mtcars$mpg, level = 0.9)
describe("sleep$extra[1:10]", sleep$extra[1:10])
describe("c(4.2, 7.9)", c(4.2, 7.9))
describe("trees$Girth", trees$Girth)
