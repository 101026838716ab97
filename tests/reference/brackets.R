# brackets.R — a questionnaire whose age is asked as brackets, and the same
# respondents' birth years, for tests/test_brackets.c.
#
#     Rscript tests/reference/brackets.R
#
# Writes, from set.seed(13):
#   tests/data/brackets-data.csv            120 respondents: 年龄 asked as brackets
#                                           (cells as codes, labels, 1.18-29岁, 2.0,
#                                           blank, 说不清), 出生年份, 性别, three
#                                           participation items coded 1=是;2=否, four
#                                           Likert items of the scale "neighbourhood"
#                                           (邻里4 reverse-worded, 9 = don't know)
#   tests/data/brackets-codebook.csv        age = the brackets (出生年份 ignored)
#   tests/data/brackets-birth-codebook.csv  birth_year = 出生年份 (年龄 ignored); the
#                                           survey year is --year 2024
#   tests/reference/brackets.json           the reference figures of both runs
# Nothing here calls canyu: the codebooks are applied by hand as
# docs/codebook.md says.  Participation by age group: prop.test(correct = FALSE)
# (Wilson), chisq.test(correct = FALSE) with its $stdres, the linear-by-linear
# test (n − 1)·r²; the index by age group: kruskal.test; the logistic model: glm(family = binomial)
# with confint.default, refitted from its own estimate (as analysis.R does).
suppressPackageStartupMessages(library(jsonlite))
set.seed(13)
n <- 120
brackets <- c("18-29岁", "30-39岁", "40-49岁", "50-59岁", "60岁及以上")
brackets_en <- c("18-29", "30-39", "40-49", "50-59", "60+")
lo <- c(18, 30, 40, 50, 60); hi <- c(29, 39, 49, 59, 85)
b <- sample(1:5, n, replace = TRUE, prob = c(0.18, 0.2, 0.22, 0.2, 0.2))
age_years <- lo[b] + floor(runif(n) * (hi[b] - lo[b] + 1))
born <- 2024 - age_years
# how each bracket answer is written
form <- sample(c("code", "label", "numbered", "decimal", "blank", "dk"), n, replace = TRUE,
               prob = c(0.45, 0.25, 0.12, 0.08, 0.05, 0.05))
age_cell <- ifelse(form == "code", as.character(b),
            ifelse(form == "label", brackets[b],
            ifelse(form == "numbered", paste0(b, ".", brackets[b]),
            ifelse(form == "decimal", paste0(b, ".0"),
            ifelse(form == "blank", "", "说不清")))))
born_cell <- as.character(born)
born_cell[sample(n, 4)] <- ""
gender <- sample(1:2, n, replace = TRUE)
# participation: more among the old, some answers blank
items <- sapply(1:3, function(j) {
  p <- plogis(-1.3 + 0.2 * b + 0.3 * (gender == 2) - 0.3 * j)
  y <- ifelse(runif(n) < p, 1, 2)
  y[runif(n) < 0.06] <- NA
  y
})
items[1:3, ] <- NA # three respondents with no participation answer
latent <- rnorm(n) + 0.25 * b
lik <- sapply(1:4, function(j) {
  x <- pmin(5, pmax(1, round(3 + latent * 0.9 + rnorm(n, sd = 0.8))))
  if (j == 4) x <- 6 - x # reverse-worded: asked the other way round
  x[runif(n) < 0.05] <- 9
  x
})
cell <- function(x) ifelse(is.na(x), "", as.character(x))
d <- data.frame(编号 = sprintf("R%03d", 1:n), 年龄 = age_cell, 出生年份 = born_cell,
                性别 = gender, 参加1 = cell(items[, 1]), 参加2 = cell(items[, 2]),
                参加3 = cell(items[, 3]), 邻里1 = lik[, 1], 邻里2 = lik[, 2],
                邻里3 = lik[, 3], 邻里4 = lik[, 4], check.names = FALSE)
write.csv(d, "tests/data/brackets-data.csv", row.names = FALSE, fileEncoding = "UTF-8")

head <- "column,role,label_zh,label_en,scale,min,max,reverse,missing,values"
common <- c(
  "性别,gender,性别,Gender,,,,,,1=男|male;2=女|female",
  "参加1,participation,参加议事会,Residents' council,,,,,,1=是;2=否",
  "参加2,participation,参加志愿服务,Volunteering,,,,,,1=是;2=否",
  "参加3,participation,参加文体活动,Cultural activities,,,,,,1=是;2=否",
  "邻里1,likert,邻里互助,Neighbours help each other,neighbourhood,1,5,,9,",
  "邻里2,likert,邻里信任,Neighbours can be trusted,neighbourhood,1,5,,9,",
  "邻里3,likert,邻里来往,Neighbours visit each other,neighbourhood,1,5,,9,",
  "邻里4,likert,邻里冷漠,Neighbours keep to themselves,neighbourhood,1,5,1,9,",
  "neighbourhood,scale,邻里关系,Neighbourhood ties,,,,,,")
values <- paste(paste0(1:5, "=", brackets, "|", brackets_en), collapse = ";")
writeLines(c(head, "编号,id,编号,ID,,,,,,",
             paste0("年龄,age,年龄,Age,,,,,说不清,", values),
             "出生年份,ignore,出生年份,Year of birth,,,,,,", common),
           "tests/data/brackets-codebook.csv", useBytes = TRUE)
writeLines(c(head, "编号,id,编号,ID,,,,,,", "年龄,ignore,年龄,Age,,,,,,",
             "出生年份,birth_year,出生年份,Year of birth,,1920,2010,,,", common),
           "tests/data/brackets-birth-codebook.csv", useBytes = TRUE)

# ## The codebooks applied by hand
part_items <- ifelse(is.na(items), NA, ifelse(items == 1, 1, 0))
known <- rowSums(!is.na(part_items)) > 0
intensity <- ifelse(known, rowSums(part_items == 1, na.rm = TRUE), NA)
part <- ifelse(known, as.numeric(intensity > 0), NA)
X <- lik; X[X == 9] <- NA; X[, 4] <- 6 - X[, 4]
ok <- rowSums(is.na(X)) == 0
index <- ifelse(ok, (rowMeans(X) - 1) / 4 * 100, NA)

wilson <- function(x, m) {
  if (m == 0) return(list(n = 0, participants = 0, rate = NA, ci_low = NA, ci_high = NA))
  ci <- prop.test(x, m, correct = FALSE)$conf.int
  list(n = m, participants = x, rate = x / m, ci_low = ci[1], ci_high = ci[2])
}
msd <- function(x, group) list(group = group, n = length(x), mean = if (length(x)) mean(x) else NA,
                               sd = if (length(x) > 1) sd(x) else NA)

# Every by-age figure for age groups G (integer 1..K, NA: none) labelled LABELS.
by_age <- function(g, labels) {
  K <- length(labels)
  ka <- known & !is.na(g)
  present <- sort(unique(g[ka]))
  tab <- table(factor(part[ka], levels = c(1, 0)), factor(g[ka], levels = present))
  ct <- suppressWarnings(chisq.test(tab, correct = FALSE))
  resid <- rep(NA, K); resid[present] <- ct$stdres[1, ]
  r <- cor(g[ka], part[ka]); m2 <- (sum(ka) - 1) * r^2
  inb <- !is.na(g)
  profile <- lapply(1:K, function(k) list(group = labels[k], n = sum(g == k, na.rm = TRUE),
                                          share = mean(g[inb] == k)))
  rates <- lapply(1:K, function(k) c(list(group = labels[k]),
                                     wilson(sum(part[ka & g == k]), sum(ka & g == k))))
  acts <- lapply(1:3, function(j) lapply(1:K, function(k) {
    kk <- !is.na(part_items[, j]) & !is.na(g) & g == k
    list(group = labels[k], n = sum(kk), rate = if (sum(kk)) mean(part_items[kk, j]) else NA)
  }))
  inten <- lapply(1:K, function(k) msd(intensity[known & !is.na(g) & g == k], labels[k]))
  # the index
  ki <- ok & !is.na(g)
  y <- index[ki]; gg <- droplevels(factor(g[ki], levels = 1:K))
  kw <- kruskal.test(y, gg)
  list(age_bands = as.list(labels), profile_age_group = profile,
       participation = list(by_age_group = rates,
         test_age_group = list(chi_square = unname(ct$statistic), df = unname(ct$parameter),
           p_value = ct$p.value,
           cramers_v = unname(sqrt(ct$statistic / (sum(tab) * (min(dim(tab)) - 1)))),
           linear_by_linear = list(statistic = m2, df = 1,
                                   p_value = pchisq(m2, 1, lower.tail = FALSE)),
           adjusted_residuals = as.list(resid)),
         activities_by_age_group = acts, intensity_by_age_group = inten),
       index = list(by_age_group = lapply(1:K, function(k) msd(index[ki & g == k], labels[k])),
         test_age_group = list(kruskal_wallis = unname(kw$statistic), df = unname(kw$parameter),
                               p_value = kw$p.value)),
       logistic = logit(g, labels))
}

# participant ~ age group (reference: the first present) + gender + index
logit <- function(g, labels) {
  keep <- known & !is.na(g) & ok
  ag <- droplevels(factor(g[keep], levels = seq_along(labels), labels = labels))
  sex <- factor(gender[keep], levels = 1:2, labels = c("男", "女"))
  df <- data.frame(y = part[keep], ag = ag, sex = sex, idx = index[keep])
  fit <- glm(y ~ ag + sex + idx, family = binomial, data = df, control = glm.control(epsilon = 1e-14, maxit = 100))
  fit <- glm(y ~ ag + sex + idx, family = binomial, data = df, start = coef(fit),
             control = glm.control(epsilon = 1e-14, maxit = 100))
  s <- summary(fit)$coefficients
  ci <- confint.default(fit)
  names <- c("(intercept)", paste0("age_group=", levels(ag)[-1]), "gender=女", "neighbourhood")
  list(n = sum(keep), terms = lapply(seq_len(nrow(s)), function(j)
    list(term = names[j], coef = s[j, 1], se = s[j, 2], z = s[j, 3], p_value = s[j, 4],
         odds_ratio = exp(s[j, 1]), or_ci_low = exp(ci[j, 1]), or_ci_high = exp(ci[j, 2]))))
}

# The brackets as the codebook reads the cells: code, label, 1.label, 2.0.
bracket_of <- function(cellv) {
  out <- rep(NA_integer_, length(cellv))
  for (i in seq_along(cellv)) {
    s <- cellv[i]
    if (s == "" || s == "说不清") next
    if (s %in% brackets) out[i] <- match(s, brackets)
    else if (grepl("^[0-9]+(\\.0)?$", s)) out[i] <- as.integer(sub("\\.0$", "", s))
    else out[i] <- as.integer(sub("\\..*$", "", s))
  }
  out
}
g_br <- bracket_of(age_cell)
stopifnot(all(g_br[!is.na(g_br)] == b[!is.na(g_br)]))

# Birth years: age = 2024 - birth year, in the default bands.
by <- suppressWarnings(as.numeric(born_cell))
age_b <- 2024 - by
bands_lo <- c(18, 30, 40, 50, 60, 70); bands_hi <- c(29, 39, 49, 59, 69, Inf)
band_labels <- c("18-29", "30-39", "40-49", "50-59", "60-69", "70+")
g_by <- sapply(age_b, function(a) if (is.na(a)) NA else { k <- which(a >= bands_lo & a <= bands_hi); if (length(k)) k else NA })

out <- list(brackets_zh = by_age(g_br, brackets), brackets_en = list(age_bands = as.list(brackets_en)),
            birth_year = by_age(g_by, band_labels))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           "tests/reference/brackets.json", useBytes = TRUE)

# An SPSS file whose age is asked as brackets: the codes 1..5 with the
# brackets as value labels, 9 (说不清) user-missing; a draft codebook takes the
# brackets as the age groups (tests/e2e-age.sh).
suppressPackageStartupMessages(library(haven))
sav_age <- ifelse(is.na(g_br), 9, g_br)[1:40]
sav <- data.frame(id = 1:40,
                  age = labelled_spss(sav_age, c(setNames(1:5, brackets), "说不清" = 9),
                                      na_values = 9, label = "您的年龄段"),
                  gender = labelled(gender[1:40], c("男" = 1, "女" = 2), label = "性别"))
write_sav(sav, "tests/data/sav/brackets.sav")
