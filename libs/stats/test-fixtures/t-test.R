# Reference values for src/t-test/*.spec.ts (R 4.2.2, base stats and datasets).
# Rerun: Rscript libs/stats/test-fixtures/t-test.R
f <- function(label, x) cat(sprintf("%-58s %.17g\n", label, x))
paired <- function(label, tt, change) {
  f(paste0(label, " estimate"), tt$estimate)
  f(paste0(label, " sd(change)"), sd(change))
  f(paste0(label, " conf.int[1]"), tt$conf.int[1])
  f(paste0(label, " conf.int[2]"), tt$conf.int[2])
  f(paste0(label, " statistic"), tt$statistic)
  f(paste0(label, " parameter"), tt$parameter)
  f(paste0(label, " p.value"), tt$p.value)
  f(paste0(label, " dz = mean/sd"), mean(change) / sd(change))
}
welch <- function(label, tt) {
  f(paste0(label, " diff = estimate[1] - estimate[2]"), tt$estimate[1] - tt$estimate[2])
  f(paste0(label, " conf.int[1]"), tt$conf.int[1])
  f(paste0(label, " conf.int[2]"), tt$conf.int[2])
  f(paste0(label, " statistic"), tt$statistic)
  f(paste0(label, " parameter"), tt$parameter)
  f(paste0(label, " p.value"), tt$p.value)
}
# Paired: drug 2 minus drug 1 in Student's sleep data.
d1 <- sleep$extra[1:10]; d2 <- sleep$extra[11:20]
paired("t.test(d2, d1, paired = TRUE)", t.test(d2, d1, paired = TRUE), d2 - d1)
paired("t.test(d2, d1, paired = TRUE, conf.level = 0.99)", t.test(d2, d1, paired = TRUE, conf.level = 0.99), d2 - d1)
# One-sample on a change that is far from zero: a tiny p.
big <- mtcars$mpg + 100
paired("t.test(mtcars$mpg + 100)", t.test(big), big)
# Welch, b minus a.
welch("t.test(d2, d1)", t.test(d2, d1))
am0 <- mtcars$mpg[mtcars$am == 0]; am1 <- mtcars$mpg[mtcars$am == 1]
welch("t.test(am1, am0)  [mtcars mpg by am]", t.test(am1, am0))
welch("t.test(am1, am0, conf.level = 0.9)", t.test(am1, am0, conf.level = 0.9))
vc <- ToothGrowth$len[ToothGrowth$supp == "VC"]; oj <- ToothGrowth$len[ToothGrowth$supp == "OJ"]
welch("t.test(vc, oj)  [ToothGrowth len by supp]", t.test(vc, oj))
# n = 2: one df.
two <- c(4.2, 7.9)
paired("t.test(c(4.2, 7.9))", t.test(two), two)
