# Converts public repeated-measures data sets into the canonical long CSV of report-contract.md
# (client_id,technique,session,phase,measure,unit,value) for the mixed-model fixtures.
# Every row is a `pre` value of measure `ppt` in kPa (the unit is a label here: the numbers are the
# data sets' own, all positive and below 2000). Sessions are the 1-based index of the data set's
# time variable among its distinct values, so the model's time = session - 1.
#
# Run from this folder:  Rscript datasets-to-csv.R
# Then:                  Rscript expected-trajectory.R   (writes the *.expected.json files)

suppressMessages(library(lme4)) # sleepstudy

write_long <- function(file, client_id, technique, time_values, value) {
  session <- match(time_values, sort(unique(time_values)))
  rows <- data.frame(client_id = client_id, technique = technique, session = session,
                     phase = "pre", measure = "ppt", unit = "kPa", value = value)
  rows <- rows[order(rows$client_id, rows$session, method = "radix"), ]
  stopifnot(all(rows$value > 0), all(rows$value < 2000), !anyDuplicated(rows[, c("client_id", "session")]))
  write.csv(rows, file, row.names = FALSE, quote = FALSE)
}

# lme4::sleepstudy (Belenky et al. 2003): reaction time (ms) of 18 subjects over 10 days of sleep
# deprivation, days 0..9 -> sessions 1..10. One group; balanced.
write_long("sleepstudy.csv", paste0("S", sleepstudy$Subject), "all", sleepstudy$Days, sleepstudy$Reaction)

# The same data made clinic-shaped, deterministically: very unequal groups (15 subjects in
# `deep_tissue`, the last 3 in `trigger_point_release`), about a quarter of the sessions missing
# (a row is dropped when (subject index * 3 + day) %% 4 == 1), and one subject (the 5th) with only
# its first session.
subject_index <- as.integer(factor(sleepstudy$Subject))
keep <- (subject_index * 3 + sleepstudy$Days) %% 4 != 1 & (subject_index != 5 | sleepstudy$Days == 0)
sparse_sleep <- sleepstudy[keep, ]
write_long("sleepstudy-unequal-missing.csv", paste0("S", sparse_sleep$Subject),
           ifelse(subject_index[keep] > 15, "trigger_point_release", "deep_tissue"),
           sparse_sleep$Days, sparse_sleep$Reaction)

# datasets::ChickWeight (Crowder and Hand 1990): weight (g) of 50 chicks on 4 diets (20/10/10/10),
# days 0,2,...,20,21 -> sessions 1..12; 5 chicks drop out early (one after 2 sessions).
chick_id <- sprintf("C%02d", as.integer(as.character(ChickWeight$Chick)))
write_long("chickweight.csv", chick_id, paste0("diet", ChickWeight$Diet), ChickWeight$Time, ChickWeight$weight)

# A group the data cannot give a slope: diet 4's chicks measured on day 0 only, so time:group[diet4]
# is not estimable and lme4 drops that column ("fixed-effect model matrix is rank deficient").
baseline_only <- ChickWeight$Diet != 4 | ChickWeight$Time == 0
cb <- ChickWeight[baseline_only, ]
write_long("chickweight-diet4-baseline-only.csv", sprintf("C%02d", as.integer(as.character(cb$Chick))),
           paste0("diet", cb$Diet), cb$Time, cb$weight)

# The sparse schedule of the Moraska trial: only sessions 1 and 12 (days 0 and 21) of ChickWeight.
# Two distinct sessions -> random intercept only; the chicks that dropped out have one measurement.
# The REML fit is singular: the random-intercept variance is 0.
first_last <- ChickWeight$Time %in% c(0, 21)
cw <- ChickWeight[first_last, ]
rows_first_last <- data.frame(
  client_id = sprintf("C%02d", as.integer(as.character(cw$Chick))), technique = paste0("diet", cw$Diet),
  session = ifelse(cw$Time == 0, 1L, 12L), phase = "pre", measure = "ppt", unit = "kPa", value = cw$weight)
rows_first_last <- rows_first_last[order(rows_first_last$client_id, rows_first_last$session, method = "radix"), ]
write.csv(rows_first_last, "chickweight-sessions-1-12.csv", row.names = FALSE, quote = FALSE)

# nlme::Orthodont (Potthoff and Roy 1964), as in ../../../../../shared/reference/orthodont.csv but
# only ages 8 and 14 (sessions 1 and 4): two distinct sessions -> random intercept only, two groups.
orthodont <- nlme::Orthodont[nlme::Orthodont$age %in% c(8, 14), ]
rows_orthodont <- data.frame(
  client_id = as.character(orthodont$Subject), technique = as.character(orthodont$Sex),
  session = (orthodont$age - 8) / 2 + 1, phase = "pre", measure = "ppt", unit = "kPa", value = orthodont$distance)
rows_orthodont <- rows_orthodont[order(rows_orthodont$client_id, rows_orthodont$session, method = "radix"), ]
write.csv(rows_orthodont, "orthodont-sessions-1-4.csv", row.names = FALSE, quote = FALSE)

# datasets::CO2 (Potvin, Lechowicz and Tardif 1990): CO2 uptake of 12 plants from Quebec and
# Mississippi at 7 ambient concentrations (95..1000 uL/L) -> sessions 1..7. The REML fit is singular:
# the plants' slopes are perfectly correlated with their intercepts (theta[3] = 0).
write_long("co2.csv", as.character(CO2$Plant), as.character(CO2$Type), CO2$conc, CO2$uptake)

# Large values with a tiny spread, as an outside check found them (PPT near 2000 kPa, spread under
# 1e-3 kPa): three of the data sets above mapped affinely to 1999 + scale * (value - centre). The
# fits are those of the originals (the same θ; variances times scale²), so the numbers must come out
# as exactly; a REML criterion accumulated from raw sums of squares loses about 12 of its 16 digits
# here and gets `singular` and the df wrong. write.csv keeps 15 significant digits: 1e-11 kPa, eight
# digits of the spread.
near_2000 <- function(value, centre, scale) 1999 + scale * (value - centre)
write_long("sleepstudy-near-2000.csv", paste0("S", sleepstudy$Subject), "all", sleepstudy$Days,
           near_2000(sleepstudy$Reaction, 300, 1e-5))
rows_first_last_near <- transform(rows_first_last, value = near_2000(value, 150, 1e-6))
write.csv(rows_first_last_near, "chickweight-sessions-1-12-near-2000.csv", row.names = FALSE, quote = FALSE)
rows_orthodont_near <- transform(rows_orthodont, value = near_2000(value, 25, 5e-5))
write.csv(rows_orthodont_near, "orthodont-sessions-1-4-near-2000.csv", row.names = FALSE, quote = FALSE)
