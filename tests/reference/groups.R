# groups.R — reference values for tests/test_groups.c: group comparisons of a
# mean, crosstabs, quantiles and item statistics of a scale (stats/stats.h).
#
# Run:  Rscript tests/reference/groups.R > /tmp/groups.h
# It prints C initialisers, full precision (%.17g), that are pasted into the
# "Reference values from R" block of tests/test_groups.c.  The data sets are
# written out literally in both files.
# Produced with R 4.2.2 and car 3.1-1.

suppressMessages(library(car))

fmt <- function(v) ifelse(is.na(v), "NAN", sprintf("%.17g", v))
emit <- function(name, v) {
  v <- as.numeric(v)
  cat(sprintf("static const double %s[] = {%s};\n", name, paste(fmt(v), collapse = ", ")))
}

# Every comparison is emitted as one array, the layout of check_* in the test:
#   aov:    F, df1, df2, p, eta² = SS_between / SS_total
#   welch:  F, df1, df2, p                     (oneway.test(var.equal = FALSE))
#   levene: F, df1, df2, p                     (car::leveneTest(center = mean))
#   kw:     H, df, p                           (kruskal.test)
#   t:      difference, t, df, p, CI low, CI high   (t.test(y ~ g))
aov_of <- function(y, g) {
  s <- summary(aov(y ~ g))[[1]]
  c(s[["F value"]][1], s$Df[1], s$Df[2], s[["Pr(>F)"]][1], s[["Sum Sq"]][1] / sum(s[["Sum Sq"]]))
}
welch_of <- function(y, g) {
  w <- oneway.test(y ~ g, var.equal = FALSE)
  c(w$statistic, w$parameter, w$p.value)
}
levene_of <- function(y, g) {
  l <- leveneTest(y ~ g, center = mean)
  c(l[["F value"]][1], l$Df[1], l$Df[2], l[["Pr(>F)"]][1])
}
kw_of <- function(y, g) {
  k <- kruskal.test(y, g)
  c(k$statistic, k$parameter, k$p.value)
}
t_of <- function(y, g, equal) {
  t <- t.test(y ~ g, var.equal = equal)
  c(t$estimate[1] - t$estimate[2], t$statistic, t$parameter, t$p.value, t$conf.int)
}

# ## Four groups of 5, 8, 12 and 7 answers on a 1..7 scale: ties, unequal
# variances (group 3 spreads, group 4 hardly moves).
a1 <- c(3, 4, 4, 5, 2)
a2 <- c(5, 6, 7, 5, 6, 7, 7, 4)
a3 <- c(1, 2, 2, 3, 7, 1, 6, 2, 5, 1, 3, 2)
a4 <- c(4, 4, 5, 4, 3, 5, 4)
ay <- c(a1, a2, a3, a4)
ag <- factor(rep(0:3, c(length(a1), length(a2), length(a3), length(a4))))
emit("r_a_n", tapply(ay, ag, length))
emit("r_a_mean", tapply(ay, ag, mean))
emit("r_a_sd", tapply(ay, ag, sd))
emit("r_a_aov", aov_of(ay, ag))
emit("r_a_welch", welch_of(ay, ag))
emit("r_a_levene", levene_of(ay, ag))
emit("r_a_kw", kw_of(ay, ag))

# The same answers offset by 1e6: every statistic is unchanged in exact
# arithmetic; R's values are printed to show it does not lose them either.
emit("r_a_offset_aov", aov_of(ay + 1e6, ag))
emit("r_a_offset_levene", levene_of(ay + 1e6, ag))

# A fifth group with a single answer (6): ANOVA, Levene and Kruskal–Wallis
# take it (it adds no within-group variation); oneway.test refuses it.
sy <- c(ay, 6)
sg <- factor(c(as.character(ag), "4"))
emit("r_single_aov", aov_of(sy, sg))
emit("r_single_levene", levene_of(sy, sg))
emit("r_single_kw", kw_of(sy, sg))
stopifnot(inherits(try(oneway.test(sy ~ sg), silent = TRUE), "try-error"))

# ## Two groups with decimals and unequal variances: t tests, and ANOVA on two
# groups (F = Student's t²).
b1 <- c(12.1, 14.3, 11.8, 15.2, 13.9, 12.7)
b2 <- c(10.2, 16.8, 9.5, 18.1, 11.4, 17.3, 8.9, 15.0, 13.3)
by <- c(b1, b2)
bg <- factor(rep(0:1, c(length(b1), length(b2))))
emit("r_b_student", t_of(by, bg, TRUE))
emit("r_b_welch_t", t_of(by, bg, FALSE))
emit("r_b_aov", aov_of(by, bg))
emit("r_b_welch", welch_of(by, bg))
emit("r_b_levene", levene_of(by, bg))
emit("r_b_kw", kw_of(by, bg))
stopifnot(abs(aov_of(by, bg)[1] - t_of(by, bg, TRUE)[2]^2) < 1e-12)
# A group of one against the second group: Student's t is defined
# (t.test(var.equal = TRUE) accepts it), Welch's is not.
emit("r_b_student_single", t_of(c(b1[1], b2), factor(rep(0:1, c(1, length(b2)))), TRUE))

# ## Crosstab 3×4 with a small column (expected counts below 5)
ct <- matrix(c(12, 5, 8, 2,
               7, 14, 6, 1,
               9, 8, 15, 3), nrow = 3, byrow = TRUE)
x2 <- suppressWarnings(chisq.test(ct, correct = FALSE))
emit("r_ct", c(x2$statistic, x2$parameter, x2$p.value,
               sqrt(x2$statistic / (sum(ct) * (min(dim(ct)) - 1)))))
emit("r_ct_stdres", t(x2$stdres))  # row-major
emit("r_ct_expected", c(sum(x2$expected < 5), min(x2$expected)))

# ## Quantiles, type 7
qx <- c(7, 2, 9, 4, 4, 1, 12, 4, 6, 3, 8, 5)
emit("r_q", c(min(qx), quantile(qx, c(0.25, 0.5, 0.75), type = 7), max(qx)))
emit("r_q_offset", quantile(qx + 1e6, c(0.25, 0.5, 0.75), type = 7))
emit("r_q_two", quantile(c(3, 10), c(0.25, 0.5, 0.75), type = 7))
emit("r_q_probs", quantile(qx, c(0, 0.1, 0.33, 0.9, 1), type = 7))
emit("r_q_a3", quantile(a3, c(0.25, 0.5, 0.75), type = 7))

# ## Item statistics of a scale (SPSS RELIABILITY /SUMMARY = TOTAL), by their
# definitions on the rows: the sum of the other items, its mean and variance,
# the item's correlation with it, alpha of the other items.
items <- matrix(c(4, 5, 3, 4,
                  2, 3, 2, 3,
                  5, 4, 4, 5,
                  3, 3, 1, 2,
                  4, 5, 5, 4,
                  1, 2, 2, 1,
                  3, 4, 2, 3,
                  5, 5, 4, 4,
                  2, 1, 3, 2,
                  4, 4, 3, 5), ncol = 4, byrow = TRUE)
alpha <- function(m) {
  k <- ncol(m)
  k / (k - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))
}
emit("r_item_cov", cov(items))  # symmetric: row-major either way
emit("r_item_mean", colMeans(items))
emit("r_item_scale_mean", sapply(1:4, function(i) mean(rowSums(items[, -i]))))
emit("r_item_scale_var", sapply(1:4, function(i) var(rowSums(items[, -i]))))
emit("r_item_total", sapply(1:4, function(i) cor(items[, i], rowSums(items[, -i]))))
emit("r_item_alpha_deleted", sapply(1:4, function(i) alpha(items[, -i])))
emit("r_item_alpha", alpha(items))
