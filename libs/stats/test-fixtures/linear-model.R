# Reference values for src/linear-model/*.spec.ts: lm (R 4.2.2, base stats and datasets).
# Rerun: Rscript libs/stats/test-fixtures/linear-model.R
f <- function(label, x) cat(sprintf("%-52s %.17g\n", label, x))
show <- function(label, x) cat(sprintf("%-30s c(%s)\n", label, paste(sprintf("%.17g", x), collapse = ", ")))

# Cross-products: the covariance of weight and mileage.
f("cov(mtcars$wt, mtcars$mpg)", cov(mtcars$wt, mtcars$mpg))

# General OLS: mpg ~ wt + hp.
fit <- lm(mpg ~ wt + hp, data = mtcars)
show("coef(fit)", coef(fit))
show("SEs", summary(fit)$coefficients[, 2])
show("vcov(fit) (row-major)", t(vcov(fit)))
f("df.residual(fit)", df.residual(fit))
f("sigma(fit)^2", sigma(fit)^2)
# Contrast wt - hp / 100 (an arbitrary linear combination) with its t-based 95% CI and p.
w <- c(0, 1, -0.01)
est <- sum(w * coef(fit)); se <- sqrt(drop(t(w) %*% vcov(fit) %*% w)); df <- df.residual(fit)
f("contrast (0, 1, -0.01) estimate", est)
f("contrast se", se)
f("contrast t", est / se)
f("contrast ciLow", est - qt(0.975, df) * se)
f("contrast ciHigh", est + qt(0.975, df) * se)
f("contrast p", 2 * pt(-abs(est / se), df))

# ANCOVA b - a contrast of y ~ x + group (treatment coding), reference = first level.
ancova <- function(label, y, x, group, a, b, level = 0.95) {
  group <- factor(group, levels = sort(unique(group), method = "radix"))
  fit <- lm(y ~ x + group)
  w <- setNames(rep(0, length(coef(fit))), names(coef(fit)))
  if (a != levels(group)[1]) w[paste0("group", a)] <- -1
  if (b != levels(group)[1]) w[paste0("group", b)] <- 1
  est <- sum(w * coef(fit)); se <- sqrt(drop(t(w) %*% vcov(fit) %*% w)); df <- df.residual(fit)
  q <- qt(1 - (1 - level) / 2, df)
  f(paste0(label, " diff"), est)
  f(paste0(label, " se"), se)
  f(paste0(label, " df"), df)
  f(paste0(label, " t"), est / se)
  f(paste0(label, " ciLow"), est - q * se)
  f(paste0(label, " ciHigh"), est + q * se)
  f(paste0(label, " p"), 2 * pt(-abs(est / se), df))
}
ancova("mpg ~ wt + cyl, 6 - 4:", mtcars$mpg, mtcars$wt, as.character(mtcars$cyl), "4", "6")
ancova("mpg ~ wt + cyl, 8 - 6:", mtcars$mpg, mtcars$wt, as.character(mtcars$cyl), "6", "8")
ancova("mpg ~ wt + cyl, 8 - 6, level 0.9:", mtcars$mpg, mtcars$wt, as.character(mtcars$cyl), "6", "8", 0.9)
ancova("len ~ dose + supp, VC - OJ:", ToothGrowth$len, ToothGrowth$dose, as.character(ToothGrowth$supp), "OJ", "VC")
