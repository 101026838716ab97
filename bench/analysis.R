# canyu benchmark: the analysis of `canyu report`, in base R.
#   Rscript bench/analysis.R FILE.csv|FILE.xlsx|FILE.sav
# FILE has the default codebook's columns (samples/codebook.csv), as
# `canyu sample` writes them: a CSV is read with read.csv, an Excel workbook
# with readxl::read_excel, an SPSS file with haven::read_sav (its labels
# dropped: the codes are analysed, as from the CSV).  Prints the statistics;
# bench/run.sh times it.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript bench/analysis.R FILE.csv|FILE.xlsx|FILE.sav")

if (grepl("\\.xlsx$", args[1], ignore.case = TRUE)) {
  d <- as.data.frame(readxl::read_excel(args[1]))
} else if (grepl("\\.sav$", args[1], ignore.case = TRUE)) {
  d <- as.data.frame(haven::zap_labels(haven::read_sav(args[1])))
} else {
  d <- read.csv(args[1], encoding = "UTF-8")
}

acts <- c("act_council", "act_volunteer", "act_party", "act_culture",
          "act_environment", "act_online")
scales <- list(
  services = c("sat_environment", "sat_security", "sat_culture", "sat_eldercare",
               "sat_party", "sat_digital", "sat_emergency"),
  interpersonal = c("trust_neighbors", "trust_help", "trust_selfish"),
  institutional = c("trust_committee", "trust_subdistrict", "trust_party"))
likert <- unlist(scales, use.names = FALSE)

# The codebook: 9 means missing; trust_selfish is reverse-worded (1..5).
for (v in c(acts, "barrier", likert)) d[[v]][d[[v]] %in% 9] <- NA
d$trust_selfish <- 6 - d$trust_selfish

# Age group: the default bands; ages outside every band belong to none.
d$age_group <- cut(floor(d$age), c(18, 30, 40, 50, 60, 70, Inf), right = FALSE,
                   labels = c("18-29", "30-39", "40-49", "50-59", "60-69", "70+"))
d$community <- factor(d$community, levels = 1:11)
d$gender <- factor(d$gender, levels = 1:2)
d$party_member <- factor(d$party_member, levels = 0:1)

# Participant: yes to any activity; intensity: the number of yeses; both NA
# when every activity is missing.
a <- as.matrix(d[acts])
answered <- rowSums(!is.na(a))
d$intensity <- ifelse(answered > 0, rowSums(a == 1, na.rm = TRUE), NA)
d$participant <- as.integer(d$intensity > 0)

# Scale indices 0-100, listwise.
for (s in names(scales))
  d[[s]] <- (rowMeans(d[scales[[s]]]) - 1) / 4 * 100

wilson <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int

# Profile and distributions.
for (v in c("age_group", "gender", "party_member", "subdistrict", "community",
            "barrier", likert))
  print(table(d[[v]]))

# Participation: overall, by age group, by community, per activity.
p <- d$participant
ok <- !is.na(p)
print(c(sum(p[ok]), sum(ok), wilson(sum(p[ok]), sum(ok))))
for (g in c("age_group", "community")) {
  x <- tapply(p[ok], d[[g]][ok], sum)
  n <- tapply(p[ok], d[[g]][ok], length)
  for (i in seq_along(n)) if (!is.na(n[i])) print(c(x[i], n[i], wilson(x[i], n[i])))
}
for (v in acts) {
  y <- d[[v]]
  print(c(v, mean(y, na.rm = TRUE), wilson(sum(y, na.rm = TRUE), sum(!is.na(y)))))
  print(tapply(y, d$age_group, mean, na.rm = TRUE))
}
print(table(d$barrier, d$age_group))

# Chi-square of participant by age group, adjusted residuals, linear-by-linear.
tab <- table(d$participant, d$age_group)
ct <- chisq.test(tab, correct = FALSE)
print(ct)
print(ct$stdres)
cc <- complete.cases(d$participant, d$age_group)
r <- cor(as.integer(d$age_group[cc]), d$participant[cc])
print((sum(cc) - 1) * r^2)

# Items, intensity and indices: n, mean, SD, CI; by age group and community.
describe <- function(x) {
  x <- x[!is.na(x)]
  n <- length(x); m <- mean(x); s <- sd(x)
  h <- qt(0.975, n - 1) * s / sqrt(n)
  c(n = n, mean = m, sd = s, ci_low = m - h, ci_high = m + h)
}
for (v in c(likert, "intensity", names(scales))) print(describe(d[[v]]))
for (v in c("intensity", names(scales))) {
  print(tapply(d[[v]], d$age_group, function(x) c(sum(!is.na(x)), mean(x, na.rm = TRUE), sd(x, na.rm = TRUE))))
  print(tapply(d[[v]], d$community, function(x) c(sum(!is.na(x)), mean(x, na.rm = TRUE), sd(x, na.rm = TRUE))))
}

# Cronbach's alpha (listwise), standardized alpha, item-total, alpha if deleted.
alpha <- function(x) {
  k <- ncol(x)
  k / (k - 1) * (1 - sum(apply(x, 2, var)) / var(rowSums(x)))
}
for (s in names(scales)) {
  x <- na.omit(as.matrix(d[scales[[s]]]))
  k <- ncol(x)
  rbar <- mean(cor(x)[upper.tri(diag(k))])
  item_total <- sapply(seq_len(k), function(i) cor(x[, i], rowSums(x[, -i, drop = FALSE])))
  if_deleted <- if (k >= 3) sapply(seq_len(k), function(i) alpha(x[, -i])) else NULL
  print(list(scale = s, n = nrow(x), alpha = alpha(x),
             std_alpha = k * rbar / (1 + (k - 1) * rbar),
             item_total = item_total, alpha_if_deleted = if_deleted))
}

# Kruskal-Wallis of each index across communities and age groups.
for (s in names(scales)) {
  print(kruskal.test(d[[s]], d$community))
  print(kruskal.test(d[[s]], d$age_group))
}

# Spearman rho of each index with participation intensity.
for (s in names(scales))
  print(cor.test(d[[s]], d$intensity, method = "spearman", exact = FALSE))

# Logistic regression of participant, complete cases.
fit <- glm(participant ~ age_group + gender + party_member + services +
             interpersonal + institutional, family = binomial, data = d,
           control = glm.control(epsilon = 1e-10, maxit = 100))
print(summary(fit)$coefficients)
print(exp(cbind(coef(fit), confint.default(fit))))

# For bench/run.sh's agreement check across tools.
cat(sprintf("chi_square %.6f\n", ct$statistic))
