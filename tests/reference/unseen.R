# unseen.R — a questionnaire canyu was not written for, and R's figures for it.
#
# A yearly community survey of a kind canyu's own samples do not have: age asked
# as brackets, every yes/no coded 1=是;2=否 (问卷星's default), a file-wide missing
# row, information channels as one multiple-response cell (┋-joined) and the
# difficulties met as one 0/1 column per option, education and housing as single
# questions (housing with no value list), income and years lived as numbers, and a
# third Likert scale beside satisfaction and trust, with a reverse-worded trust
# item.  The script draws the respondents (set.seed below), writes the data and a
# codebook in the new style, and computes from first principles — not from canyu's
# code — every figure of the new JSON keys that tests/test_unseen.c checks:
# age_bands, participation, questions (by age group and by 性别), the Likert
# items (raw answers for the reverse item), scale reliability, item statistics and
# comparisons of the indices, validity, and the logistic model with its reference
# groups.
#
#   Rscript tests/reference/unseen.R
#
# writes tests/data/unseen-codebook.csv, tests/data/unseen-data.csv and
# tests/reference/unseen.json.  The C test runs
#   canyu report -f json --lang zh --by 性别 -c tests/data/unseen-codebook.csv tests/data/unseen-data.csv
# and compares every number here at relative 1e-9 (the issue asks for 1e-6).
suppressPackageStartupMessages({ library(car); library(psych) })

set.seed(20261202)
n <- 420

## ---------------------------------------------------------------- the respondents
bracket_zh <- c("18-34岁", "35-49岁", "50-64岁", "65岁及以上")
bracket_en <- c("18-34", "35-49", "50-64", "65+")
age_code <- sample(1:4, n, replace = TRUE, prob = c(0.22, 0.28, 0.28, 0.22))
gender <- sample(1:2, n, replace = TRUE)
party <- sample(1:2, n, replace = TRUE, prob = c(0.25, 0.75))          # 1=是 2=否
community <- sample(1:3, n, replace = TRUE)
edu <- pmin(4, pmax(1, round(3.2 - 0.45 * age_code + rnorm(n, 0, 0.8))))
housing <- sample(c("自有住房", "租房", "单位宿舍"), n, replace = TRUE, prob = c(0.6, 0.3, 0.1))
income <- round(exp(rnorm(n, 8.3 + 0.1 * edu, 0.45)), 1)
years <- pmax(0, round(rnorm(n, 4 + 5 * age_code, 6)))

latent_sat <- rnorm(n)
latent_trust <- rnorm(n) + 0.3 * latent_sat
latent_safe <- rnorm(n) + 0.2 * latent_trust
likert_of <- function(latent, shift = 0) pmin(5, pmax(1, round(3 + shift + 0.9 * latent + rnorm(n, 0, 0.8))))
sat <- sapply(c(0.1, -0.2, 0.3, 0), function(s) likert_of(latent_sat, s))
trust <- sapply(c(-0.3, 0, 0.2), function(s) likert_of(latent_trust, s))
trust[, 3] <- 6 - trust[, 3]                  # reverse-worded: answered the other way
safe <- sapply(c(0.4, 0.1, -0.1), function(s) likert_of(latent_safe, s))

eta <- -1.6 + 0.45 * (age_code - 1) + 0.5 * (party == 1) + 0.35 * latent_trust
p_item <- plogis(eta)
part <- sapply(c(0, -0.4, 0.2, -0.8), function(s) rbinom(n, 1, plogis(qlogis(p_item) + s)))

channels_zh <- c("微信群", "社区公告栏", "网格员", "短视频")
channels_pick <- lapply(seq_len(n), function(i) {
  p <- c(0.7, 0.45 + 0.08 * age_code[i] - 0.1, 0.3, 0.5 - 0.1 * age_code[i])
  which(runif(4) < p)
})
difficulty <- sapply(c(0.45, 0.3, 0.2), function(p) rbinom(n, 1, p))

## ---------------------------------------------------------------- cells as exported
cells <- data.frame(序号 = seq_len(n), 调查年份 = 2025, check.names = FALSE)
cells[["性别"]] <- ifelse(runif(n) < 0.2, c("男", "女")[gender], as.character(gender))
cells[["年龄段"]] <- ifelse(runif(n) < 0.3, bracket_zh[age_code], as.character(age_code))
cells[["是否党员"]] <- as.character(party)
cells[["所在社区"]] <- c("东风", "新华", "光明")[community]
cells[["文化程度"]] <- as.character(edu)
cells[["住房类型"]] <- housing
cells[["月收入"]] <- sprintf("%.1f", income)
cells[["居住年限"]] <- as.character(years)
part_cols <- c("参加过议事协商", "参加过志愿服务", "参加过文体活动", "参加过监督评议")
for (j in 1:4) cells[[part_cols[j]]] <- as.character(ifelse(part[, j] == 1, 1, 2))
cells[["信息渠道"]] <- vapply(channels_pick, function(k) paste(channels_zh[k], collapse = "┋"), "")
opt_cols <- c("困难：没有时间", "困难：不了解信息", "困难：没有渠道")
for (j in 1:3) cells[[opt_cols[j]]] <- as.character(difficulty[, j])
sat_cols <- paste0("满意", 1:4); trust_cols <- paste0("信任", 1:3); safe_cols <- paste0("安全", 1:3)
for (j in 1:4) cells[[sat_cols[j]]] <- as.character(sat[, j])
for (j in 1:3) cells[[trust_cols[j]]] <- as.character(trust[, j])
for (j in 1:3) cells[[safe_cols[j]]] <- as.character(safe[, j])

# Missing answers: blanks, the file-wide codes -2 and (跳过), and a column's own -1.
hole <- function(column, k, code) { i <- sample(n, k); cells[[column]][i] <<- code }
hole("月收入", 25, ""); hole("月收入", 6, "-2")
hole("居住年限", 12, "-1"); hole("居住年限", 4, "(跳过)")
hole("文化程度", 9, ""); hole("住房类型", 7, "-2")
hole("性别", 5, ""); hole("年龄段", 8, "(跳过)")
hole("信息渠道", 14, ""); hole("信息渠道", 3, "(跳过)")
for (j in 1:3) hole(opt_cols[j], 6, "")
i <- sample(n, 10); for (j in 1:3) cells[[opt_cols[j]]][i] <- "0"   # no option chosen
for (column in c(sat_cols, trust_cols, safe_cols)) hole(column, 10, "")
hole("满意2", 4, "-2"); hole("信任3", 5, "(跳过)")
for (j in 1:4) hole(part_cols[j], 6, "")
i <- sample(n, 7); for (j in 1:4) cells[[part_cols[j]]][i] <- ""   # all items missing

csv_quote <- function(x) ifelse(grepl("[\",\n]", x), paste0("\"", gsub("\"", "\"\"", x), "\""), x)
write_csv <- function(df, path) {
  con <- file(path, "wb")
  writeLines(paste(csv_quote(names(df)), collapse = ","), con, sep = "\n", useBytes = TRUE)
  for (r in seq_len(nrow(df)))
    writeLines(paste(csv_quote(as.character(unlist(df[r, ]))), collapse = ","), con,
               sep = "\n", useBytes = TRUE)
  close(con)
}
write_csv(cells, "tests/data/unseen-data.csv")

cb <- c(
  "column,role,label_zh,label_en,scale,min,max,reverse,missing,values,note",
  "*,missing,,,,,,,-2;(跳过),,file-wide missing codes",
  "序号,id,序号,Number,,,,,,,",
  "调查年份,year,调查年份,Survey year,,,,,,,",
  "性别,gender,性别,Gender,,,,,,1=男|Male;2=女|Female,",
  paste0("年龄段,age,年龄段,Age bracket,,,,,,", paste0(1:4, "=", bracket_zh, "|", bracket_en, collapse = ";"), ",asked as brackets"),
  "是否党员,party_member,是否党员,Party member,,,,,,1=是|Yes;2=否|No,",
  "所在社区,community,所在社区,Community,,,,,,东风|Dongfeng;新华|Xinhua;光明|Guangming,",
  "文化程度,single,文化程度,Education,,,,,,1=初中及以下|Junior secondary or less;2=高中|Senior secondary;3=大专|College;4=本科及以上|University,",
  "住房类型,single,住房类型,Housing,,,,,,,categories from the data",
  "月收入,numeric,月收入（元）,Monthly income (yuan),,0,200000,,,,",
  "居住年限,numeric,居住年限,Years lived here,,0,100,,-1,,",
  paste0(part_cols, ",participation,", part_cols, ",", c("Took part in consultation", "Volunteered", "Cultural activities", "Oversight"), ",,,,,,1=是|Yes;2=否|No,"),
  "信息渠道,multi,信息渠道,Information channels,,,,,,1=微信群|WeChat groups;2=社区公告栏|Notice board;3=网格员|Grid worker;4=短视频|Short video,",
  paste0(opt_cols, ",option,", opt_cols, ",", c("No time", "No information", "No channel"), ",困难,,,,,,"),
  paste0(sat_cols, ",satisfaction,", c("环境卫生满意度", "办事便利满意度", "文体设施满意度", "治安管理满意度"), ",",
         c("Cleanliness", "Ease of services", "Facilities", "Public order"), ",services,1,5,,,,"),
  paste0(trust_cols, ",trust,", c("邻居值得信任", "居委会值得信任", "这里的人只顾自己"), ",",
         c("Neighbours can be trusted", "The committee can be trusted", "People here only look after themselves"),
         ",interpersonal,1,5,", c("", "", "1"), ",,,"),
  paste0(safe_cols, ",likert,", c("夜间出行安全", "财物安全", "应急有保障"), ",",
         c("Safe at night", "Property is safe", "Emergencies handled"), ",safety,1,5,,,,"),
  "services,scale,公共服务满意度,Satisfaction with services,,,,,,,",
  "interpersonal,scale,人际信任,Interpersonal trust,,,,,,,",
  "safety,scale,安全感,Sense of safety,,,,,,,",
  "困难,scale,参与困难,Difficulties in taking part,,,,,,,"
)
con <- file("tests/data/unseen-codebook.csv", "wb"); writeLines(cb, con, useBytes = TRUE); close(con)

## ---------------------------------------------------------------- read back as a researcher would
d <- read.csv("tests/data/unseen-data.csv", encoding = "UTF-8", colClasses = "character",
              check.names = FALSE)
miss_all <- c("", "-2", "(跳过)")
clean <- function(x, extra = character()) { x[x %in% c(miss_all, extra)] <- NA; x }
code_of <- function(x, labels) {                    # a code or its label → the code
  x <- clean(x)
  out <- suppressWarnings(as.integer(x))
  lab <- match(x, labels)
  out[is.na(out) & !is.na(lab)] <- lab[is.na(out) & !is.na(lab)]
  out
}
age_g <- factor(code_of(d[["年龄段"]], bracket_zh), levels = 1:4, labels = bracket_zh)
sex <- factor(code_of(d[["性别"]], c("男", "女")), levels = 1:2, labels = c("男", "女"))
party_f <- factor(code_of(d[["是否党员"]], c("是", "否")), levels = 1:2, labels = c("是", "否"))
groupings <- list(age_group = age_g, "性别" = sex)

items <- sapply(part_cols, function(c) { v <- code_of(d[[c]], c("是", "否")); ifelse(is.na(v), NA, v == 1) })
answered <- rowSums(!is.na(items)) > 0
participant <- ifelse(answered, rowSums(items, na.rm = TRUE) > 0, NA)

wilson <- function(x, n) { ci <- prop.test(x, n, correct = FALSE)$conf.int; c(ci[1], ci[2]) }
rate <- function(y, group = NULL) {
  y <- y[!is.na(y)]; x <- sum(y); m <- length(y); ci <- wilson(x, m)
  c(if (!is.null(group)) list(group = group),
    list(n = m, participants = x, rate = x / m, ci_low = ci[1], ci_high = ci[2]))
}
tt <- function(x) list(t = unname(x$statistic), df = unname(x$parameter), p_value = x$p.value)
comparison <- function(y, g) {
  keep <- !is.na(y) & !is.na(g)
  y <- y[keep]; g <- droplevels(g[keep])
  fit <- aov(y ~ g); s <- summary(fit)[[1]]
  wa <- oneway.test(y ~ g, var.equal = FALSE)
  lv <- leveneTest(y ~ g, center = mean)
  kw <- kruskal.test(y ~ g)
  two <- nlevels(g) == 2
  list(t_test = if (two) tt(t.test(y ~ g, var.equal = TRUE)) else NULL,
       welch_t = if (two) tt(t.test(y ~ g)) else NULL,
       anova = list(f = s[1, "F value"], df1 = s[1, "Df"], df2 = s[2, "Df"], p_value = s[1, "Pr(>F)"],
                    eta_squared = s[1, "Sum Sq"] / sum(s[, "Sum Sq"])),
       welch_anova = list(f = unname(wa$statistic), df1 = unname(wa$parameter[1]),
                          df2 = unname(wa$parameter[2]), p_value = wa$p.value),
       levene = list(f = lv[1, "F value"], df1 = lv[1, "Df"], df2 = lv[2, "Df"], p_value = lv[1, "Pr(>F)"]),
       kruskal_wallis = list(kruskal_wallis = unname(kw$statistic), df = unname(kw$parameter),
                             p_value = kw$p.value))
}
msd_groups <- function(y, g) lapply(levels(g), function(l) {
  v <- y[!is.na(y) & !is.na(g) & g == l]
  list(group = l, n = length(v), mean = mean(v), sd = sd(v))
})
crosstab <- function(f, grp) {
  t <- table(f, grp)
  keep_r <- rowSums(t) > 0; keep_c <- colSums(t) > 0
  ct <- suppressWarnings(chisq.test(t[keep_r, keep_c], correct = FALSE))
  res <- matrix(NA_real_, nrow(t), ncol(t)); res[keep_r, keep_c] <- ct$stdres
  k <- min(sum(keep_r), sum(keep_c))
  list(t = t, test = list(chi_square = unname(ct$statistic), df = unname(ct$parameter),
                          p_value = ct$p.value, cramers_v = sqrt(unname(ct$statistic) / (sum(t) * (k - 1))),
                          expected_below_5 = sum(ct$expected < 5),
                          adjusted_residuals = lapply(seq_len(nrow(t)), function(i) res[i, ])))
}

## ---------------------------------------------------------------- participation
by_age <- lapply(levels(age_g), function(l) rate(participant[!is.na(age_g) & age_g == l], l))
keep <- !is.na(participant) & !is.na(age_g)
pt <- chisq.test(table(participant[keep], age_g[keep]), correct = FALSE)
r_lin <- cor(as.integer(age_g[keep]), as.numeric(participant[keep]))
m2 <- (sum(keep) - 1) * r_lin^2
participation <- list(
  overall = rate(participant),
  by_age_group = by_age,
  test_age_group = list(chi_square = unname(pt$statistic), df = unname(pt$parameter), p_value = pt$p.value,
                        cramers_v = sqrt(unname(pt$statistic) / (sum(keep) * (min(2, 4) - 1))),
                        linear_by_linear = list(statistic = m2, df = 1,
                                                p_value = pchisq(m2, 1, lower.tail = FALSE)),
                        adjusted_residuals = as.vector(pt$stdres["TRUE", ])))

## ---------------------------------------------------------------- questions
single_q <- function(column, f, codes) {
  tab <- table(f); m <- sum(tab)
  by <- list()
  for (g in names(groupings)) {
    x <- crosstab(f, groupings[[g]])
    groups <- lapply(seq_len(ncol(x$t)), function(j) {
      gn <- sum(x$t[, j])
      list(group = colnames(x$t)[j], n = gn, counts = as.vector(x$t[, j]), shares = as.vector(x$t[, j]) / gn)
    })
    by[[length(by) + 1]] <- list(variable = g, groups = groups, test = x$test)
  }
  list(column = column, type = "single", n = m,
       categories = lapply(seq_along(tab), function(k) {
         ci <- wilson(tab[[k]], m)
         list(code = codes[k], label = names(tab)[k], count = tab[[k]], share = tab[[k]] / m,
              ci_low = ci[1], ci_high = ci[2])
       }), by = by)
}
multi_q <- function(column, chosen, labels) {     # chosen: logical matrix, NA rows not cases
  case <- !is.na(chosen[, 1])
  counts <- colSums(chosen[case, , drop = FALSE])
  responses <- sum(counts); cases <- sum(case)
  by <- lapply(names(groupings), function(g) {
    grp <- groupings[[g]]
    list(variable = g, groups = lapply(levels(grp), function(l) {
      inside <- case & !is.na(grp) & grp == l
      cnt <- colSums(chosen[inside, , drop = FALSE])
      list(group = l, n = sum(inside), counts = as.vector(cnt), shares = as.vector(cnt) / sum(inside))
    }))
  })
  list(column = column, type = "multi", n = cases, cases = cases, responses = responses,
       options = lapply(seq_along(labels), function(k)
         list(code = k, label = labels[k], count = counts[[k]],
              pct_of_responses = 100 * counts[[k]] / responses, pct_of_cases = 100 * counts[[k]] / cases)),
       by = by)
}
numeric_q <- function(column, x) {
  v <- x[!is.na(x)]; q <- quantile(v, c(0.25, 0.5, 0.75), type = 7)
  by <- lapply(names(groupings), function(g)
    c(list(variable = g, groups = msd_groups(x, groupings[[g]])), list(comparison = comparison(x, groupings[[g]]))))
  list(column = column, type = "numeric", n = length(v), mean = mean(v), sd = sd(v),
       median = unname(q[2]), q1 = unname(q[1]), q3 = unname(q[3]), min = min(v), max = max(v), by = by)
}

edu_labels <- c("初中及以下", "高中", "大专", "本科及以上")
edu_f <- factor(code_of(d[["文化程度"]], edu_labels), levels = 1:4, labels = edu_labels)
house_raw <- clean(d[["住房类型"]])
house_f <- factor(house_raw, levels = unique(house_raw[!is.na(house_raw)]))
ch_cell <- clean(d[["信息渠道"]])
ch <- t(vapply(ch_cell, function(s) {
  if (is.na(s)) return(rep(NA, 4))
  channels_zh %in% strsplit(s, "┋", fixed = TRUE)[[1]]
}, logical(4)))
opt <- sapply(opt_cols, function(c) { v <- clean(d[[c]]); ifelse(is.na(v), NA, v == "1") })
opt_case <- apply(opt, 1, function(r) any(r %in% TRUE))
opt_m <- opt; opt_m[is.na(opt_m)] <- FALSE; opt_m[!opt_case, ] <- NA
income_x <- as.numeric(clean(d[["月收入"]]))
years_x <- as.numeric(clean(d[["居住年限"]], "-1"))

questions <- list(
  single_q("文化程度", edu_f, 1:4),
  single_q("住房类型", house_f, seq_len(nlevels(house_f))),
  numeric_q("月收入", income_x),
  numeric_q("居住年限", years_x),
  multi_q("信息渠道", ch, channels_zh),
  multi_q("困难", opt_m, opt_cols))

## ---------------------------------------------------------------- Likert sections
likert_section <- function(cols, reverse, scale) {
  raw <- sapply(cols, function(c) as.numeric(clean(d[[c]])))
  rec <- raw; for (j in which(reverse)) rec[, j] <- 6 - raw[, j]
  item <- function(j) {
    v <- raw[!is.na(raw[, j]), j]; m <- length(v); h <- qt(0.975, m - 1) * sd(v) / sqrt(m)
    list(column = cols[j], n = m, mean = mean(v), sd = sd(v), ci_low = mean(v) - h, ci_high = mean(v) + h,
         top2 = mean(v >= 4), distribution = as.vector(table(factor(v, levels = 1:5))),
         reverse = reverse[j])
  }
  X <- rec[complete.cases(rec), , drop = FALSE]; k <- ncol(X)
  alpha_f <- function(M) { kk <- ncol(M); kk / (kk - 1) * (1 - sum(apply(M, 2, var)) / var(rowSums(M))) }
  r <- cor(X); rbar <- mean(r[upper.tri(r)])
  index <- (rowMeans(rec) - 1) / 4 * 100
  iv <- index[!is.na(index)]; h <- qt(0.975, length(iv) - 1) * sd(iv) / sqrt(length(iv))
  stats <- lapply(seq_len(k), function(j) {
    rest <- rowSums(X[, -j, drop = FALSE])
    list(column = cols[j], scale_mean_if_deleted = mean(rest), scale_var_if_deleted = var(rest),
         item_total = cor(X[, j], rest), alpha_if_deleted = if (k >= 3) alpha_f(X[, -j, drop = FALSE]) else NULL)
  })
  by <- lapply(names(groupings), function(g)
    list(variable = g, groups = msd_groups(index, groupings[[g]]), comparison = comparison(index, groupings[[g]])))
  pc <- principal(r, nfactors = sum(eigen(r)$values > 1), rotate = "none")
  validity <- list(items = as.list(cols), n = nrow(X), kmo = KMO(r)$MSA,
                   kmo_items = unname(KMO(r)$MSAi),
                   bartlett = { b <- cortest.bartlett(r, n = nrow(X))
                                list(chi_square = b$chisq, df = b$df, p_value = b$p.value) },
                   eigenvalues = eigen(r)$values)
  list(items = lapply(seq_along(cols), item),
       scales = list(list(scale = scale, items = as.list(cols), n = nrow(X), alpha = alpha_f(X),
                          std_alpha = k * rbar / (1 + (k - 1) * rbar),
                          index = list(n = length(iv), mean = mean(iv), sd = sd(iv),
                                       ci_low = mean(iv) - h, ci_high = mean(iv) + h),
                          item_stats = stats, by = by,
                          validity = if (k >= 3) validity else NULL)),
       index = index)
}
satisfaction <- likert_section(sat_cols, rep(FALSE, 4), "services")
trust_s <- likert_section(trust_cols, c(FALSE, FALSE, TRUE), "interpersonal")
safety <- likert_section(safe_cols, rep(FALSE, 3), "safety")

## ---------------------------------------------------------------- the logistic model
m <- data.frame(y = participant, age = age_g, gender = sex, party = party_f,
                services = satisfaction$index, interpersonal = trust_s$index, safety = safety$index)
m <- m[complete.cases(m), ]
fit <- glm(y ~ age + gender + party + services + interpersonal + safety, family = binomial, data = m,
           control = glm.control(epsilon = 1e-14, maxit = 100))
co <- summary(fit)$coefficients
z975 <- qnorm(0.975)
# canyu's term names: identifiers, the Chinese value label after the role.
term_names <- c("(intercept)", paste0("age_group=", bracket_zh[2:4]), "gender=女", "party_member=否",
                "services", "interpersonal", "safety")
stopifnot(length(term_names) == nrow(co))
logistic <- list(outcome = "participant", n = nrow(m), converged = fit$converged,
  terms = lapply(seq_len(nrow(co)), function(i)
    list(term = term_names[i], coef = co[i, 1], se = co[i, 2], z = co[i, 3], p_value = co[i, 4], odds_ratio = exp(co[i, 1]),
         or_ci_low = exp(co[i, 1] - z975 * co[i, 2]), or_ci_high = exp(co[i, 1] + z975 * co[i, 2]))),
  reference = list(age_group = bracket_zh[1], gender = "男", party_member = "是"))

out <- list(age_bands = as.list(bracket_zh), participation = participation, questions = questions,
            satisfaction = satisfaction[c("items", "scales")], trust = trust_s[c("items", "scales")],
            likert = safety[c("items", "scales")], association = list(logistic = logistic))

## ---------------------------------------------------------------- JSON, 17 significant digits
json_str <- function(s) paste0("\"", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", s)), "\"")
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!length(x)) return(if (is.null(names(x))) "[]" else "{}")
    parts <- vapply(seq_along(x), function(i) {
      v <- to_json(x[[i]], inner)
      if (is.null(names(x))) paste0(inner, v) else paste0(inner, json_str(names(x)[i]), ": ", v)
    }, "")
    open <- if (is.null(names(x))) "[" else "{"; close <- if (is.null(names(x))) "]" else "}"
    return(paste0(open, "\n", paste(parts, collapse = ",\n"), "\n", indent, close))
  }
  if (is.logical(x) && length(x) == 1 && !is.na(x)) return(if (x) "true" else "false")
  if (is.character(x) && length(x) == 1) return(json_str(x))
  if (length(x) != 1 || !is.null(names(x)) && length(x) > 1) return(to_json(as.list(unname(x)), indent))
  if (is.na(x) || !is.finite(x)) return("null")
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  sprintf("%.17g", x)
}
# Arrays that R would collapse to scalars stay arrays.
arrays <- function(x, key = "") {
  if (!is.list(x)) {
    if (key %in% c("counts", "shares", "distribution", "adjusted_residuals", "kmo_items", "eigenvalues"))
      return(as.list(unname(x)))
    return(x)
  }
  nm <- names(x)
  for (i in seq_along(x)) if (!is.null(x[[i]])) x[[i]] <- arrays(x[[i]], if (is.null(nm)) key else nm[i])
  x
}
con <- file("tests/reference/unseen.json", "wb")
writeLines(to_json(arrays(out)), con, useBytes = TRUE)
close(con)
