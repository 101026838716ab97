# primitives.R — reference values for tests/test_stats*.c (the stats/ module).
#
# Run:  Rscript tests/reference/primitives.R > /tmp/reference.h
# It prints C initialisers, full precision (%.17g), that are pasted into the
# "Reference values from R" block of tests/test_stats.h.  The data sets below
# are written out literally in both files; the large generated ones use only
# integer arithmetic and one correctly rounded division, so C reproduces them
# bit for bit.
# Produced with R 4.2.2 and survey 4.1-1.

suppressMessages(library(survey))

fmt <- function(v) ifelse(is.na(v), "NAN", sprintf("%.17g", v))
emit <- function(name, v) {
  v <- as.numeric(v)
  cat(sprintf("static const double %s[] = {%s};\n", name, paste(fmt(v), collapse = ", ")))
}

# ## Wilson score interval: prop.test(correct = FALSE)$conf.int
emit("r_wilson_37_120", prop.test(37, 120, correct = FALSE)$conf.int)
emit("r_wilson_0_15", prop.test(0, 15, correct = FALSE)$conf.int)
emit("r_wilson_15_15", prop.test(15, 15, correct = FALSE)$conf.int)
emit("r_wilson_1_1", prop.test(1, 1, correct = FALSE)$conf.int)
emit("r_wilson_37_120_90", prop.test(37, 120, conf.level = 0.90, correct = FALSE)$conf.int)
# A weighted proportion 0.4123 with effective n 87.3: x = p·n_eff.
emit("r_wilson_weighted", suppressWarnings(prop.test(0.4123 * 87.3, 87.3, correct = FALSE)$conf.int))

# ## Descriptives
x <- c(3, 5, 2, 4, 4, 1, 5, 3, 2, 4, 5, 3)
w <- c(1.5, 0.5, 2, 1, 1, 0.8, 1.2, 3, 0.7, 1.1, 2.2, 0.9)
tt <- t.test(x)
emit("r_desc", c(length(x), mean(x), sd(x), tt$conf.int))
tt6 <- t.test(x + 1e6)
emit("r_desc_offset", c(mean(x + 1e6), sd(x + 1e6), tt6$conf.int))
# Weighted: svymean / svyvar on a weights-only design; the CI is canyu's
# definition, mean ± t(0.975, n_eff - 1)·sd/√n_eff with Kish's n_eff.
d <- svydesign(ids = ~1, weights = ~w, data = data.frame(x, w))
m_w <- coef(svymean(~x, d))
sd_w <- sqrt(as.numeric(svyvar(~x, d)))
neff <- sum(w)^2 / sum(w^2)
half <- qt(0.975, neff - 1) * sd_w / sqrt(neff)
emit("r_desc_weighted", c(m_w, sd_w, neff, m_w - half, m_w + half))
emit("r_kish", c(neff, length(w) / neff, 1 + mean((w - mean(w))^2) / mean(w)^2))

# ## Chi-square, Cramér's V, adjusted residuals
yes <- c(12, 18, 30, 41)
no <- c(38, 35, 27, 19)
t42 <- cbind(yes, no)
ct <- chisq.test(t42, correct = FALSE)
emit("r_chisq_4x2", c(ct$statistic, ct$parameter, ct$p.value,
                      sqrt(ct$statistic / (sum(t42) * (min(dim(t42)) - 1)))))
emit("r_chisq_4x2_stdres", t(ct$stdres))  # row-major
t33 <- matrix(c(10, 20, 15, 25, 5, 12, 8, 14, 30), 3, byrow = TRUE)
ct <- chisq.test(t33, correct = FALSE)
emit("r_chisq_3x3", c(ct$statistic, ct$parameter, ct$p.value,
                      sqrt(ct$statistic / (sum(t33) * (min(dim(t33)) - 1)))))
emit("r_chisq_3x3_stdres", t(ct$stdres))
t22 <- matrix(c(45, 75, 62, 68), 2, byrow = TRUE)
ct <- chisq.test(t22, correct = FALSE)
emit("r_chisq_2x2", c(ct$statistic, ct$parameter, ct$p.value))

# ## Linear-by-linear association: M² = (n-1)·cor(score, outcome)²
total <- yes + no
score <- rep(seq_along(total), total)
outcome <- unlist(lapply(seq_along(total), function(i) c(rep(1, yes[i]), rep(0, no[i]))))
m2 <- (length(score) - 1) * cor(score, outcome)^2
emit("r_lbl", c(m2, 1, pchisq(m2, 1, lower.tail = FALSE)))
sc <- c(20, 35, 45, 70)  # band midpoints as scores
score <- rep(sc, total)
m2 <- (length(score) - 1) * cor(score, outcome)^2
emit("r_lbl_scores", c(m2, 1, pchisq(m2, 1, lower.tail = FALSE)))

# ## Kruskal–Wallis
kx <- c(2.5, 3, 3, 4, 1, 2, 2.5, 5, 4, 4, 3.5, 1, 2, 3, 5)
kg <- c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2)
kt <- kruskal.test(kx, factor(kg))
emit("r_kw_small", c(kt$statistic, kt$parameter, kt$p.value))
# A million index values on a 100/24 grid in 11 communities (counting path).
i <- 0:(1e6 - 1)
g <- (i * 31) %% 11
k <- (i * 7919) %% 21 + g %% 4
big_x <- (k * 100) / 24
kt <- kruskal.test(big_x, factor(g))
emit("r_kw_big", c(kt$statistic, kt$parameter, kt$p.value))
# 20000 values with more than 4096 distinct ones (sorting path), ties included.
j <- 0:19999
sg <- j %% 5
sx <- ((j * 7919) %% 10007) / 7 + sg
kt <- kruskal.test(sx, factor(sg))
emit("r_kw_sort", c(kt$statistic, kt$parameter, kt$p.value))

# ## Spearman: cor.test(method = "spearman", exact = FALSE)
spx <- c(1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 3, 8)
spy <- c(2, 1, 3, 3, 5, 4, 6, 6, 8, 7, 2, 5)
st <- cor.test(spx, spy, method = "spearman", exact = FALSE)
n <- length(spx)
tstat <- st$estimate * sqrt((n - 2) / (1 - st$estimate^2))
# The t approximation reproduces R's p-value (checked here, not assumed).
stopifnot(abs(2 * pt(-abs(tstat), n - 2) - st$p.value) < 1e-15)
emit("r_spearman_small", c(st$estimate, tstat, st$p.value))
emit("r_rank_spx", rank(spx))
big_y <- (i * 104729) %% 9 + k %/% 7
st <- cor.test(big_x, big_y, method = "spearman", exact = FALSE)
emit("r_spearman_big", c(st$estimate, st$p.value))
st <- cor.test(sx, (j * 13) %% 17, method = "spearman", exact = FALSE)
emit("r_spearman_sort", c(st$estimate, st$p.value))

# ## Cronbach's alpha, from its definitions
items <- matrix(c(4, 5, 4, 3,
                  3, 3, 4, 3,
                  5, 5, 5, 4,
                  2, 3, 2, 2,
                  4, 4, 3, 4,
                  1, 2, 2, 1,
                  3, 4, 3, 3,
                  5, 4, 5, 5,
                  2, 2, 3, 2,
                  4, 3, 4, 4,
                  3, 3, 2, 3,
                  4, 5, 4, 5), ncol = 4, byrow = TRUE)
alpha <- function(m) {
  k <- ncol(m)
  k / (k - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))
}
std_alpha <- function(m) {
  k <- ncol(m)
  r <- cor(m)
  rbar <- mean(r[upper.tri(r)])
  k * rbar / (1 + (k - 1) * rbar)
}
emit("r_alpha", c(alpha(items), std_alpha(items)))
emit("r_alpha_item_total", sapply(1:4, function(i) cor(items[, i], rowSums(items[, -i]))))
emit("r_alpha_if_deleted", sapply(1:4, function(i) alpha(items[, -i])))
emit("r_alpha_2items", c(alpha(items[, 1:2]), std_alpha(items[, 1:2]),
                         cor(items[, 1], items[, 2])))
emit("r_alpha_offset", alpha(items + 1e6))

# ## Logistic regression: glm(binomial) with a tight tolerance
lg <- c(0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0)
lidx <- c(60,80,70,65,25,80,40,70,55,40,25,90,90,40,75,40,40,30,70,50,
          65,75,45,60,25,50,45,70,55,75,25,40,80,75,50,30,50,65,55,65)
ly <- c(0,1,1,0,0,0,0,1,1,1,0,1,0,0,0,0,0,0,0,0,0,1,0,0,0,1,0,0,0,1,0,0,1,0,0,1,0,1,1,1)
fit <- glm(ly ~ factor(lg) + lidx, family = binomial,
           control = glm.control(epsilon = 1e-14, maxit = 100))
cf <- summary(fit)$coefficients
emit("r_logit_coef", cf[, 1])
emit("r_logit_se", cf[, 2])
emit("r_logit_z", cf[, 3])
emit("r_logit_p", cf[, 4])
ci <- exp(confint.default(fit))
emit("r_logit_or", exp(cf[, 1]))
emit("r_logit_or_low", ci[, 1])
emit("r_logit_or_high", ci[, 2])
emit("r_logit_deviance", deviance(fit))
# Perfect separation: R warns "fitted probabilities numerically 0 or 1".
sep <- tryCatch(glm(c(0,0,0,0,0,1,1,1,1,1) ~ I(1:10), family = binomial),
                warning = function(w) conditionMessage(w))
stopifnot(grepl("numerically 0 or 1", sep) || grepl("converge", sep))

# ## Two groups from summary statistics
g1 <- c(62.5, 70, 55, 80, 67.5, 72.5, 60)
g2 <- c(75, 82.5, 70, 90, 77.5, 85, 80, 72.5, 88)
emit("r_welch_input", c(mean(g1), sd(g1), length(g1), mean(g2), sd(g2), length(g2)))
wt <- t.test(g1, g2)
emit("r_welch", c(mean(g1) - mean(g2), wt$statistic, wt$parameter, wt$p.value, wt$conf.int))
pt2 <- prop.test(c(45, 62), c(120, 130), correct = FALSE)
p1 <- 45 / 120; p2 <- 62 / 130
se_wald <- sqrt(p1 * (1 - p1) / 120 + p2 * (1 - p2) / 130)
emit("r_prop_z", c(p1 - p2, -sqrt(pt2$statistic), pt2$p.value,
                   p1 - p2 - qnorm(0.975) * se_wald, p1 - p2 + qnorm(0.975) * se_wald))

# ## Raking: survey::rake to population totals = share × starting total
rage <- c(0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 1)
rsex <- c(0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1)
rw <- c(1, 1.2, 0.8, 1, 1.5, 1, 0.9, 1.1, 1, 1.3, 0.7, 1)
age_share <- c(0.3, 0.45, 0.25)
sex_share <- c(0.48, 0.52)
rd <- svydesign(ids = ~1, weights = ~rw, data = data.frame(rage, rsex, rw))
rk <- rake(rd, list(~rage, ~rsex),
           list(data.frame(rage = 0:2, Freq = age_share * sum(rw)),
                data.frame(rsex = 0:1, Freq = sex_share * sum(rw))),
           control = list(maxit = 100, epsilon = 1e-14, verbose = FALSE))
emit("r_rake_weights", weights(rk))
