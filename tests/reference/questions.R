# questions.R — reference values for the "questions" key of canyu's JSON on a
# questionnaire of its own (tests/data/any-data.csv, codebook
# tests/data/any-codebook.csv), grouped by age group (the default bands) and
# by the single question 住房 (--by 住房).  Writes
# tests/reference/questions-any.json, which tests/test_questions.c compares
# with canyu's output at relative 1e-9.
#   Rscript tests/reference/questions.R
suppressPackageStartupMessages({ library(jsonlite); library(car) })
d <- read.csv("tests/data/any-data.csv", encoding = "UTF-8", colClasses = "character",
              check.names = FALSE)
bands <- c(18, 30, 40, 50, 60, 70, Inf)
band_labels <- c("18-29", "30-39", "40-49", "50-59", "60-69", "70+")
age <- as.numeric(d[["年龄"]])
age_group <- cut(age, bands, right = FALSE, labels = band_labels)
blank <- function(x) ifelse(x == "", NA, x)

# Single questions: levels in codebook order, or as found (numeric order when
# every answer is a number).
edu_levels <- c("小学及以下", "初中", "高中", "大专", "本科及以上")
edu <- factor(blank(d[["文化程度"]]), levels = edu_levels)
house_raw <- blank(d[["住房"]])
house <- factor(house_raw, levels = unique(house_raw[!is.na(house_raw)]))
hh_raw <- d[["家庭人口"]]; hh_raw[hh_raw %in% c("", "9")] <- NA
hh_levels <- as.character(sort(unique(as.integer(hh_raw[!is.na(hh_raw)]))))
hh <- factor(hh_raw, levels = hh_levels)
income <- as.numeric(blank(d[["月收入"]]))
years_raw <- d[["居住年限"]]; years_raw[years_raw %in% c("", "-1")] <- NA
years <- as.numeric(years_raw)

groupings <- list(age_group = age_group, "住房" = house)

single <- function(column, label, f, codes) {
  tab <- table(f)
  n <- sum(tab)
  cats <- lapply(seq_along(tab), function(k) {
    ci <- prop.test(tab[[k]], n, correct = FALSE)$conf.int
    list(code = codes[k], label = names(tab)[k], count = tab[[k]], share = tab[[k]] / n,
         ci_low = ci[1], ci_high = ci[2])
  })
  by <- list()
  for (g in names(groupings)) {
    if (g == column) next
    grp <- groupings[[g]]
    t <- table(f, grp)              # categories × groups, empty ones kept
    keep_r <- rowSums(t) > 0; keep_c <- colSums(t) > 0
    ct <- suppressWarnings(chisq.test(t[keep_r, keep_c], correct = FALSE))
    res <- matrix(NA_real_, nrow(t), ncol(t))
    res[keep_r, keep_c] <- ct$stdres
    k <- min(sum(keep_r), sum(keep_c))
    groups <- lapply(seq_len(ncol(t)), function(j) {
      gn <- sum(t[, j])
      list(group = colnames(t)[j], n = gn, counts = as.vector(t[, j]),
           shares = if (gn > 0) as.vector(t[, j]) / gn else rep(NA, nrow(t)))
    })
    by[[length(by) + 1]] <- list(variable = g, groups = groups,
      test = list(chi_square = unname(ct$statistic), df = unname(ct$parameter),
                  p_value = ct$p.value,
                  cramers_v = sqrt(unname(ct$statistic) / (sum(t) * (k - 1))),
                  expected_below_5 = sum(ct$expected < 5),
                  adjusted_residuals = lapply(seq_len(nrow(t)), function(i) res[i, ])))
  }
  list(column = column, label = label, type = "single", n = n, categories = cats, by = by)
}

tt <- function(x) list(t = unname(x$statistic), df = unname(x$parameter), p_value = x$p.value)

numeric_q <- function(column, label, x) {
  ok <- !is.na(x)
  q <- quantile(x[ok], c(0.25, 0.5, 0.75), type = 7)
  by <- list()
  for (g in names(groupings)) {
    grp <- groupings[[g]]
    keep <- ok & !is.na(grp)
    y <- x[keep]; gg <- droplevels(grp[keep])
    groups <- lapply(levels(grp), function(l) {
      v <- x[keep & grp == l]
      list(group = l, n = length(v), mean = if (length(v)) mean(v) else NA,
           sd = if (length(v) > 1) sd(v) else NA)
    })
    a <- summary(aov(y ~ gg))[[1]]
    eta <- a[["Sum Sq"]][1] / sum(a[["Sum Sq"]])
    w <- oneway.test(y ~ gg)
    l <- leveneTest(y ~ gg, center = mean)
    k <- kruskal.test(y ~ gg)
    two <- nlevels(gg) == 2
    cmp <- list(
      t_test = if (two) tt(t.test(y ~ gg, var.equal = TRUE)) else NULL,
      welch_t = if (two) tt(t.test(y ~ gg)) else NULL,
      anova = list(f = a[["F value"]][1], df1 = a$Df[1], df2 = a$Df[2],
                   p_value = a[["Pr(>F)"]][1], eta_squared = eta),
      welch_anova = list(f = unname(w$statistic), df1 = unname(w$parameter[1]),
                         df2 = unname(w$parameter[2]), p_value = w$p.value),
      levene = list(f = l[["F value"]][1], df1 = l$Df[1], df2 = l$Df[2],
                    p_value = l[["Pr(>F)"]][1]),
      kruskal_wallis = list(kruskal_wallis = unname(k$statistic), df = unname(k$parameter),
                            p_value = k$p.value))
    by[[length(by) + 1]] <- list(variable = g, groups = groups, comparison = cmp)
  }
  list(column = column, label = label, type = "numeric", n = sum(ok), mean = mean(x[ok]),
       sd = sd(x[ok]), median = unname(q[2]), q1 = unname(q[1]), q3 = unname(q[3]),
       min = min(x[ok]), max = max(x[ok]), by = by)
}

out <- list(questions = list(
  single("文化程度", "文化程度", edu, 1:5),
  single("住房", "住房情况", house, seq_along(levels(house))),
  single("家庭人口", "家庭人口", hh, as.integer(hh_levels)),
  numeric_q("月收入", "月收入（元）", income),
  numeric_q("居住年限", "居住年限", years)))
# NULL (a t test of more than two groups) is written as JSON null.
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           "tests/reference/questions-any.json", useBytes = TRUE)
