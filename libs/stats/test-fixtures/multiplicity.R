# Reference values for src/multiplicity/*.spec.ts: p.adjust (R 4.2.2).
# Rerun: Rscript libs/stats/test-fixtures/multiplicity.R
show <- function(label, x) cat(sprintf("%-40s c(%s)\n", label, paste(sprintf("%.17g", x), collapse = ", ")))
# Ties (0.04 twice), an NA, values that cap at 1 and an unsorted order.
p <- c(0.01, 0.04, 0.03, 0.04, 0.2, NA, 0.5, 0.001)
show("p.adjust(p, 'holm')", p.adjust(p, "holm"))
show("p.adjust(p, 'BH')", p.adjust(p, "BH"))
# The two-sample t-test p-values of mtcars mpg between every pair of cyl groups (Welch).
cyl <- split(mtcars$mpg, mtcars$cyl)
q <- c(t.test(cyl[["6"]], cyl[["4"]])$p.value, t.test(cyl[["8"]], cyl[["4"]])$p.value, t.test(cyl[["8"]], cyl[["6"]])$p.value)
show("q (Welch p, cyl 4-6, 4-8, 6-8)", q)
show("p.adjust(q, 'holm')", p.adjust(q, "holm"))
show("p.adjust(q, 'BH')", p.adjust(q, "BH"))
r <- c(0.8, 0.9, 0.95, 0.7)
show("p.adjust(c(0.8, 0.9, 0.95, 0.7), 'holm')", p.adjust(r, "holm"))
show("p.adjust(c(0.8, 0.9, 0.95, 0.7), 'BH')", p.adjust(r, "BH"))
