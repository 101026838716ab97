# questions.R — reference values for the "questions" key of canyu's JSON on a
# questionnaire of its own (tests/data/any-data.csv, codebook
# tests/data/any-codebook.csv), grouped by age group (the default bands) and
# by the single question 住房 (--by 住房): single, numeric and
# multiple-response questions (a ┋-joined multi column with fill-ins, and a
# question of option columns), worked out here from first principles as SPSS
# MULT RESPONSE defines them.  Writes tests/reference/questions-any.json, and
# the same figures weighted by the column 权重 (codebook
# tests/data/any-codebook-weighted.csv: a blank weight counts as 0) to
# tests/reference/questions-any-weighted.json; tests/test_questions.c
# compares both with canyu's output at relative 1e-9.
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

# Weights: W is NULL (unweighted) or one weight per respondent.  A weighted
# share is the share of the weights; its interval is Wilson's (prop.test) on
# Kish's effective n = (sum w)^2 / sum w^2 of the respondents behind it, as
# canyu's participation rates.  A weighted SD is
# sqrt(sum w (x - mean)^2 / sum w * m / (m - 1)), m the respondents of positive
# weight.  Counts, n and every test are unweighted.
wshare <- function(sel, base, w) if (is.null(w)) sum(sel & base) / sum(base) else
  sum(w[sel & base]) / sum(w[base])
wmean_sd <- function(x, w) {
  if (is.null(w)) return(c(if (length(x)) mean(x) else NA, if (length(x) > 1) sd(x) else NA))
  m <- weighted.mean(x, w); npos <- sum(w > 0)
  c(m, if (npos > 1) sqrt(sum(w * (x - m)^2) / sum(w) * npos / (npos - 1)) else NA)
}

single <- function(column, label, f, codes, w = NULL) {
  tab <- table(f)
  n <- sum(tab)
  ok <- !is.na(f)
  cats <- lapply(seq_along(tab), function(k) {
    sel <- ok & f == names(tab)[k]
    if (is.null(w)) {
      share <- tab[[k]] / n
      ci <- prop.test(tab[[k]], n, correct = FALSE)$conf.int
    } else {
      share <- wshare(sel, ok, w)
      neff <- sum(w[ok])^2 / sum(w[ok]^2)
      ci <- prop.test(share * neff, neff, correct = FALSE)$conf.int
    }
    list(code = codes[k], label = names(tab)[k], count = tab[[k]], share = share,
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
      ing <- ok & !is.na(grp) & grp == colnames(t)[j]
      list(group = colnames(t)[j], n = gn, counts = as.vector(t[, j]),
           shares = if (gn > 0) sapply(rownames(t), function(l) wshare(ing & f == l, ing, w))
                    else rep(NA, nrow(t)))
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

numeric_q <- function(column, label, x, w = NULL) {
  ok <- !is.na(x)
  q <- quantile(x[ok], c(0.25, 0.5, 0.75), type = 7)
  by <- list()
  for (g in names(groupings)) {
    grp <- groupings[[g]]
    keep <- ok & !is.na(grp)
    y <- x[keep]; gg <- droplevels(grp[keep])
    groups <- lapply(levels(grp), function(l) {
      sel <- keep & grp == l
      ms <- wmean_sd(x[sel], if (is.null(w)) NULL else w[sel])
      list(group = l, n = sum(sel), mean = ms[1], sd = ms[2])
    })
    a <- summary(aov(y ~ gg))[[1]]
    eta <- a[["Sum Sq"]][1] / sum(a[["Sum Sq"]])
    wo <- oneway.test(y ~ gg)
    l <- leveneTest(y ~ gg, center = mean)
    k <- kruskal.test(y ~ gg)
    two <- nlevels(gg) == 2
    cmp <- list(
      t_test = if (two) tt(t.test(y ~ gg, var.equal = TRUE)) else NULL,
      welch_t = if (two) tt(t.test(y ~ gg)) else NULL,
      anova = list(f = a[["F value"]][1], df1 = a$Df[1], df2 = a$Df[2],
                   p_value = a[["Pr(>F)"]][1], eta_squared = eta),
      welch_anova = list(f = unname(wo$statistic), df1 = unname(wo$parameter[1]),
                         df2 = unname(wo$parameter[2]), p_value = wo$p.value),
      levene = list(f = l[["F value"]][1], df1 = l$Df[1], df2 = l$Df[2],
                    p_value = l[["Pr(>F)"]][1]),
      kruskal_wallis = list(kruskal_wallis = unname(k$statistic), df = unname(k$parameter),
                            p_value = k$p.value))
    by[[length(by) + 1]] <- list(variable = g, groups = groups, comparison = cmp)
  }
  ms <- wmean_sd(x[ok], if (is.null(w)) NULL else w[ok])
  list(column = column, label = label, type = "numeric", n = sum(ok), mean = ms[1],
       sd = ms[2], median = unname(q[2]), q1 = unname(q[1]), q3 = unname(q[3]),
       min = min(x[ok]), max = max(x[ok]), by = by)
}

# Multiple response.  CHOSEN is a respondents × options 0/1 matrix, CASE
# whether each respondent is a case: % of responses = an option's share of
# all choices, % of cases = its share of the cases (SPSS MULT RESPONSE); by
# each grouping the group's cases and its share of them choosing each option.
multi_q <- function(column, label, chosen, case, codes, labels, w = NULL) {
  ww <- if (is.null(w)) rep(1, nrow(chosen)) else w
  cnt <- colSums(chosen[case, , drop = FALSE])
  wcnt <- colSums(chosen[case, , drop = FALSE] * ww[case])
  opts <- lapply(seq_along(codes), function(k)
    list(code = codes[k], label = labels[k], count = cnt[[k]],
         pct_of_responses = 100 * wcnt[[k]] / sum(wcnt),
         pct_of_cases = 100 * wcnt[[k]] / sum(ww[case])))
  by <- list()
  for (g in names(groupings)) {
    grp <- groupings[[g]]
    groups <- lapply(levels(grp), function(l) {
      sel <- case & !is.na(grp) & grp == l
      wc <- colSums(chosen[sel, , drop = FALSE] * ww[sel])
      list(group = l, n = sum(sel), counts = unname(colSums(chosen[sel, , drop = FALSE])),
           shares = if (sum(sel)) unname(wc / sum(ww[sel])) else rep(NA, length(codes)))
    })
    by[[length(by) + 1]] <- list(variable = g, groups = groups)
  }
  list(column = column, label = label, type = "multi", n = sum(case), cases = sum(case),
       responses = sum(cnt), options = opts, by = by)
}

# The ┋-joined column: a blank cell or the skip marker (跳过) is missing;
# an option is its label, a fill-in 〖…〗 after it dropped, or its code.
ch_labels <- c("微信群", "社区公告栏", "居委会上门", "电视、广播", "其他")
ch_cell <- d[["信息渠道"]]
ch_case <- !(ch_cell %in% c("", "(跳过)"))
ch <- t(sapply(ch_cell, function(cell) {
  got <- rep(0, length(ch_labels))
  if (cell %in% c("", "(跳过)")) return(got)
  for (o in strsplit(cell, "┋", fixed = TRUE)[[1]]) {
    o <- sub("〖.*〗$", "", o)
    k <- if (grepl("^[0-9]+$", o)) as.integer(o) else match(o, ch_labels)
    stopifnot(!is.na(k))
    got[k] <- 1
  }
  got
}))
# The option columns: 1 chosen, 0 not, blank or 9 missing; a case has at
# least one option chosen.
need <- sapply(paste0("需求", 1:4), function(col) {
  v <- d[[col]]
  ifelse(v == "1", 1, 0)
})
need_case <- rowSums(need) > 0

questions <- function(w) list(questions = list(
  single("文化程度", "文化程度", edu, 1:5, w),
  single("住房", "住房情况", house, seq_along(levels(house)), w),
  single("家庭人口", "家庭人口", hh, as.integer(hh_levels), w),
  numeric_q("月收入", "月收入（元）", income, w),
  numeric_q("居住年限", "居住年限", years, w),
  multi_q("信息渠道", "了解社区事务的渠道", ch, ch_case, 1:5, ch_labels, w),
  multi_q("needs", "最需要的社区服务", need, need_case, 1:4,
          c("养老服务", "托育服务", "文体活动", "法律咨询"), w)))
weight <- as.numeric(blank(d[["权重"]]))
weight[is.na(weight)] <- 0
# NULL (a t test of more than two groups) is written as JSON null.
write <- function(x, file)
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
             file, useBytes = TRUE)
write(questions(NULL), "tests/reference/questions-any.json")
write(questions(weight), "tests/reference/questions-any-weighted.json")
