# Reference values for src/effect-size/*.spec.ts (R 4.2.2). Base R has no Hedges' g, so this
# script writes out report-contract.md section 2's definition directly:
#   g = J * (mean(b) - mean(a)) / pooled SD,  J = 1 - 3 / (4 (nA + nB) - 9),
#   CI g +/- z * sqrt((nA + nB) / (nA nB) + g^2 / (2 (nA + nB))),  z = qnorm(1 - (1 - level) / 2).
# The contract prints z as 1.959964; the reference fixture orthodont.expected.json was computed
# with qnorm(0.975) itself (its gCiLow differs from the literal's by 1e-7 relative), so this does too.
# Rerun: Rscript libs/stats/test-fixtures/effect-size.R
f <- function(label, x) cat(sprintf("%-46s %.17g\n", label, x))
hedges <- function(label, a, b, level = 0.95) {
  na <- length(a); nb <- length(b)
  pooled <- sqrt(((na - 1) * var(a) + (nb - 1) * var(b)) / (na + nb - 2))
  g <- (1 - 3 / (4 * (na + nb) - 9)) * (mean(b) - mean(a)) / pooled
  half <- qnorm(1 - (1 - level) / 2) * sqrt((na + nb) / (na * nb) + g^2 / (2 * (na + nb)))
  f(paste0(label, " pooled SD"), pooled)
  f(paste0(label, " g"), g)
  f(paste0(label, " g - half"), g - half)
  f(paste0(label, " g + half"), g + half)
}
hedges("sleep drug 1 (a) vs drug 2 (b):", sleep$extra[1:10], sleep$extra[11:20])
hedges("mtcars mpg am = 0 (a) vs am = 1 (b):", mtcars$mpg[mtcars$am == 0], mtcars$mpg[mtcars$am == 1])
hedges("ToothGrowth len OJ (a) vs VC (b):", ToothGrowth$len[ToothGrowth$supp == "OJ"], ToothGrowth$len[ToothGrowth$supp == "VC"])
hedges("sleep, level 0.9:", sleep$extra[1:10], sleep$extra[11:20], level = 0.9)
# The orthodont comparison (Female = a, Male = b) at the endpoint, from the fixture's g: its gCiLow
# (-0.0601217650193) is the first of these, not the second.
g <- 0.731983332152; na <- 11; nb <- 16
se <- sqrt((na + nb) / (na * nb) + g^2 / (2 * (na + nb)))
f("orthodont gCiLow, qnorm(0.975)", g - qnorm(0.975) * se)
f("orthodont gCiLow, 1.959964", g - 1.959964 * se)
