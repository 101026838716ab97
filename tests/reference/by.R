# by.R — reference values for the "by" keys of participation and of every
# scale index in canyu's JSON: samples/boli-2024.csv (codebook
# samples/codebook.csv, the default age bands) with --by gender,community.
# Writes tests/reference/by-boli.json, which tests/test_by.c compares with
# canyu's output (--lang zh) at relative 1e-9:
#     Rscript tests/reference/by.R
# Nothing here calls canyu: the codebook is applied by hand (missing codes 9
# and 说不清, value labels, the reverse-worded item recoded 6 - x).
# Participation by a column: prop.test(correct = FALSE) for each Wilson
# interval, chisq.test(correct = FALSE) with its $stdres and $expected.
# A scale index by a grouping: t.test(var.equal = TRUE) and t.test() for two
# groups, aov (η² = SS_between / SS_total), oneway.test, car::leveneTest(center
# = mean) and kruskal.test.
# Produced with R 4.2.2, car 3.1-1 and jsonlite 1.8.
suppressPackageStartupMessages({ library(jsonlite); library(car) })
d <- read.csv("samples/boli-2024.csv", encoding = "UTF-8", colClasses = "character",
              check.names = FALSE)
num <- function(x, missing = c("", "9", "说不清")) {
  x[x %in% missing] <- NA
  as.numeric(x)
}

band_labels <- c("18-29", "30-39", "40-49", "50-59", "60-69", "70+")
age_group <- cut(num(d$age, ""), c(18, 30, 40, 50, 60, 70, Inf), right = FALSE, labels = band_labels)
gender <- factor(num(d$gender, ""), levels = 1:2, labels = c("男", "女"))
communities <- c("长安社区", "南城社区", "太平社区", "顺天社区", "康华社区", "镇安社区",
                 "花园社区", "学府社区", "友谊社区", "金叶社区", "新北社区")
community <- factor(num(d$community, ""), levels = 1:11, labels = communities)
groupings <- list(age_group = age_group, gender = gender, community = community)

# ## Participation: a participant answered yes to one item at least; all
# items missing leave the respondent out.
acts <- sapply(c("act_council", "act_volunteer", "act_party", "act_culture",
                 "act_environment", "act_online"), function(a) num(d[[a]]))
known <- rowSums(!is.na(acts)) > 0
participant <- ifelse(known, rowSums(acts == 1, na.rm = TRUE) > 0, NA)

part_by <- function(g) {
  f <- groupings[[g]]
  groups <- lapply(levels(f), function(l) {
    k <- !is.na(participant) & !is.na(f) & f == l
    n <- sum(k); x <- sum(participant[k])
    ci <- if (n > 0) prop.test(x, n, correct = FALSE)$conf.int else c(NA, NA)
    list(group = l, n = n, participants = x, rate = if (n > 0) x / n else NA,
         ci_low = ci[1], ci_high = ci[2])
  })
  t <- table(factor(participant, levels = c(TRUE, FALSE)), f)
  keep <- colSums(t) > 0
  ct <- suppressWarnings(chisq.test(t[, keep], correct = FALSE))
  res <- rep(NA_real_, ncol(t)); res[keep] <- ct$stdres[1, ]
  k <- min(2, sum(keep))
  list(variable = g, groups = groups,
       test = list(chi_square = unname(ct$statistic), df = unname(ct$parameter),
                   p_value = ct$p.value,
                   cramers_v = sqrt(unname(ct$statistic) / (sum(t) * (k - 1))),
                   expected_below_5 = sum(ct$expected < 5), adjusted_residuals = res))
}

# ## Scale indices: listwise, the mean of the items rescaled to 0-100.
index_of <- function(items, reverse = character(0)) {
  x <- sapply(items, function(i) { v <- num(d[[i]]); if (i %in% reverse) 6 - v else v })
  (rowMeans(x) - 1) / 4 * 100
}
scales <- list(
  satisfaction = list(services = index_of(c("sat_environment", "sat_security", "sat_culture",
                                            "sat_eldercare", "sat_party", "sat_digital",
                                            "sat_emergency"))),
  trust = list(interpersonal = index_of(c("trust_neighbors", "trust_help", "trust_selfish"),
                                        reverse = "trust_selfish"),
               institutional = index_of(c("trust_committee", "trust_subdistrict", "trust_party"))))

f_of <- function(stat, df1, df2, p) list(f = unname(stat), df1 = unname(df1), df2 = unname(df2),
                                         p_value = unname(p))
comparison <- function(y, f) {
  k <- !is.na(y) & !is.na(f)
  y <- y[k]; f <- droplevels(f[k])
  two <- nlevels(f) == 2
  t_of <- function(equal) {
    if (!two) return(NULL)
    t <- t.test(y ~ f, var.equal = equal)
    list(t = unname(t$statistic), df = unname(t$parameter), p_value = t$p.value)
  }
  s <- summary(aov(y ~ f))[[1]]
  w <- oneway.test(y ~ f, var.equal = FALSE)
  l <- leveneTest(y ~ f, center = mean)
  kw <- kruskal.test(y, f)
  anova <- f_of(s[["F value"]][1], s$Df[1], s$Df[2], s[["Pr(>F)"]][1])
  anova$eta_squared <- s[["Sum Sq"]][1] / sum(s[["Sum Sq"]])
  list(t_test = t_of(TRUE), welch_t = t_of(FALSE), anova = anova,
       welch_anova = f_of(w$statistic, w$parameter[1], w$parameter[2], w$p.value),
       levene = f_of(l[["F value"]][1], l$Df[1], l$Df[2], l[["Pr(>F)"]][1]),
       kruskal_wallis = list(kruskal_wallis = unname(kw$statistic), df = unname(kw$parameter),
                             p_value = kw$p.value))
}
scale_by <- function(y) {
  lapply(names(groupings), function(g) {
    f <- groupings[[g]]
    groups <- lapply(levels(f), function(l) {
      v <- y[!is.na(y) & !is.na(f) & f == l]
      list(group = l, n = length(v), mean = if (length(v)) mean(v) else NA,
           sd = if (length(v) > 1) sd(v) else NA)
    })
    list(variable = g, groups = groups, comparison = comparison(y, f))
  })
}
section <- function(sc) {
  list(scales = lapply(names(sc), function(s) list(scale = s, by = scale_by(sc[[s]]))))
}

out <- list(participation = list(by = lapply(c("gender", "community"), part_by)),
            satisfaction = section(scales$satisfaction), trust = section(scales$trust))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           "tests/reference/by-boli.json", useBytes = TRUE)
