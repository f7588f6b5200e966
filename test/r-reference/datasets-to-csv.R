# Puts public data sets of R 4.2.2 into the canonical long CSV of report-contract.md section 1,
# for the whole-report oracle (report.R). Every value is labelled measure `ppt`, unit `kPa`: the
# numbers are the data sets' own (all positive and below 2000, the plausible range of ppt), so the
# label changes nothing in the statistics. Sessions are the 1-based index of the data set's time
# among its distinct values, so the model's time = session - 1 counts visits, not days.
#
# Run from the repository root:  Rscript test/r-reference/datasets-to-csv.R
# (the generated data sets trial.csv and practice.csv come from `npm run -s data`: see README.md)

here <- "test/r-reference"

write_long <- function(name, client_id, technique, session, value, phase = "pre") {
  rows <- data.frame(client_id = client_id, technique = technique, session = as.integer(session),
                     phase = phase, measure = "ppt", unit = "kPa", value = value,
                     stringsAsFactors = FALSE)
  rows <- rows[order(rows$client_id, rows$session, rows$phase == "post", method = "radix"), ]
  stopifnot(all(rows$value > 0), all(rows$value < 2000),
            !anyDuplicated(rows[, c("client_id", "session", "phase")]))
  write.csv(rows, file.path(here, name), row.names = FALSE, quote = FALSE)
  cat(sprintf("%-28s %4d rows\n", name, nrow(rows)))
}
session_index <- function(time) match(time, sort(unique(time)))

# datasets::ChickWeight (Crowder and Hand 1990): weight (g) of 50 chicks on 4 diets (20/10/10/10)
# at days 0, 2, ..., 20, 21 -> sessions 1..12. Five chicks drop out early, one after 2 sessions:
# cumulative n falls with the session, four groups give six comparisons and Holm's adjustment.
write_long("chickweight.csv", sprintf("C%02d", as.integer(as.character(ChickWeight$Chick))),
           paste0("diet", ChickWeight$Diet), session_index(ChickWeight$Time), ChickWeight$weight)

# lme4::sleepstudy (Belenky et al. 2003): reaction time (ms) of 18 subjects over days 0..9 of sleep
# restriction -> sessions 1..10. One group: no comparisons, a trajectory without group terms.
sleepstudy <- lme4::sleepstudy
write_long("sleepstudy.csv", paste0("S", sleepstudy$Subject), "all", session_index(sleepstudy$Days),
           sleepstudy$Reaction)

# MASS::anorexia (Hand et al. 1994): weight (lb) of 72 young women before and after treatment:
# cognitive behavioural (CBT, 29), family (FT, 17) or control (Cont, 26).
anorexia <- MASS::anorexia
anorexia_id <- sprintf("A%02d", seq_len(nrow(anorexia)))
anorexia_treat <- as.character(anorexia$Treat)
# (a) Before and after as the pre and post of one session: within-session paired change per
#     group; one session, so no cumulative change, no comparison and no trajectory.
write_long("anorexia-pre-post.csv", rep(anorexia_id, 2), rep(anorexia_treat, 2), 1,
           c(anorexia$Prewt, anorexia$Postwt), phase = rep(c("pre", "post"), each = nrow(anorexia)))
# (b) Before and after as the pre values of sessions 1 and 2: the textbook ANCOVA
#     Postwt ~ Prewt + Treat, Welch and Hedges on the change, a random-intercept trajectory.
write_long("anorexia-two-visits.csv", rep(anorexia_id, 2), rep(anorexia_treat, 2),
           rep(1:2, each = nrow(anorexia)), c(anorexia$Prewt, anorexia$Postwt))

# nlme::BodyWeight (Crowder and Hand 1990): body weight (g) of 16 rats on 3 diets (8/4/4), weighed
# on days 1, 8, 15, 22, 29, 36, 43, 44, 50, 57 and 64 -> sessions 1..11. Balanced, very
# different group means (large baseline differences for the ANCOVA).
bodyweight <- nlme::BodyWeight
write_long("bodyweight.csv", sprintf("R%02d", as.integer(as.character(bodyweight$Rat))),
           paste0("diet", bodyweight$Diet), session_index(bodyweight$Time), bodyweight$weight)

# datasets::CO2 (Potvin, Lechowicz and Tardif 1990): CO2 uptake of 12 plants from Quebec and
# Mississippi at 7 ambient concentrations -> sessions 1..7. The REML fit is singular (the plants'
# slopes are perfectly correlated with their intercepts): `singular` must be true.
write_long("co2.csv", as.character(CO2$Plant), as.character(CO2$Type), session_index(CO2$conc), CO2$uptake)

# ChickWeight made clinic-shaped, deterministically, to exercise the first paragraph of contract
# section 2 and the "clients with a session-1 value" rules:
# - every weighing is read at two sites: site_a twice (trials 1 and 2, weight - 1 and weight + 1,
#   mean = weight) in kPa, site_b once, weight + chick %% 3, written in N/cm2 (value / 10);
# - chicks whose number is a multiple of 7 miss session 1 (they count in sessions and the
#   trajectory, not in cumulative change, responders or comparisons);
# - chicks whose number is a multiple of 5 move to the next diet from session 6 on (a client stays
#   in the group of their earliest session);
# - sessions 1 to 3 also have a `post` value: the weight at the next weighing.
cw <- ChickWeight
cw$chick <- as.integer(as.character(cw$Chick))
cw$session <- session_index(cw$Time)
cw$diet <- as.integer(as.character(cw$Diet))
cw <- cw[!(cw$chick %% 7 == 0 & cw$session == 1), ]
cw$technique <- paste0("diet", ifelse(cw$chick %% 5 == 0 & cw$session >= 6, cw$diet %% 4 + 1, cw$diet))
nxt <- merge(cw[cw$session <= 3, c("chick", "session", "technique")],
             transform(cw[, c("chick", "session", "weight")], session = session - 1L), by = c("chick", "session"))
irregular <- rbind(
  data.frame(chick = cw$chick, technique = cw$technique, session = cw$session, phase = "pre",
             site = "site_a", trial = 1L, unit = "kPa", value = cw$weight - 1),
  data.frame(chick = cw$chick, technique = cw$technique, session = cw$session, phase = "pre",
             site = "site_a", trial = 2L, unit = "kPa", value = cw$weight + 1),
  data.frame(chick = cw$chick, technique = cw$technique, session = cw$session, phase = "pre",
             site = "site_b", trial = NA, unit = "N/cm2", value = (cw$weight + cw$chick %% 3) / 10),
  data.frame(chick = nxt$chick, technique = nxt$technique, session = nxt$session, phase = "post",
             site = "site_a", trial = NA, unit = "kPa", value = nxt$weight))
irregular <- data.frame(client_id = sprintf("C%02d", irregular$chick), irregular[, -1], measure = "ppt")
irregular <- irregular[order(irregular$client_id, irregular$session, irregular$phase == "post",
                             irregular$site, irregular$trial, method = "radix"), ]
stopifnot(all(irregular$value > 0), all(irregular$value * ifelse(irregular$unit == "N/cm2", 10, 1) < 2000))
write.csv(irregular, file.path(here, "chickweight-irregular.csv"), row.names = FALSE, quote = FALSE, na = "")
cat(sprintf("%-28s %4d rows\n", "chickweight-irregular.csv", nrow(irregular)))
