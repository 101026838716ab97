# model.R — reference values for the logistic model of tests/test_model.c on a
# questionnaire without an age column.
#
# Run from the repository root:
#     Rscript tests/reference/model.R
# It writes tests/data/model-data.csv (200 generated respondents, set.seed
# below), tests/data/model-codebook.csv, and two fixtures into tests/reference/:
#     model-default.json   canyu report -f json -c tests/data/model-codebook.csv
#                          tests/data/model-data.csv (the default model: no age
#                          column, so gender and the neighbourhood index)
#     model-terms.json     the same with --model 文化程度,月收入,neighbourhood
# Each fixture is canyu's association.logistic object: outcome, n, converged,
# terms (coef, se, z, p_value, odds_ratio, or_ci_low, or_ci_high) and
# reference, from glm(family = binomial) and confint.default.  Numbers are
# written with %.17g.  Produced with R 4.2.2.

set.seed(20261202)
n <- 200

# ## The questionnaire
gender <- sample(1:2, n, replace = TRUE)
edu <- sample(1:4, n, replace = TRUE, prob = c(0.2, 0.35, 0.3, 0.15))
# income in yuan with one decimal, as an export writes it
income <- round(rlnorm(n, log(4000), 0.5), 1)
trait <- rnorm(n)
nb <- sapply(1:3, function(k) pmin(5, pmax(1, round(3 + trait + rnorm(n, 0, 0.8)))))
eta <- -2 + 0.5 * (gender == 2) + 0.3 * edu + 0.0002 * income + 0.6 * trait
act <- sapply(1:3, function(k) rbinom(n, 1, plogis(eta + rnorm(1, 0, 0.3))))
# some answers missing: blank cells, and 9 (说不清) for the neighbourhood items
income_cell <- sprintf("%.1f", income)
income_cell[sample(n, 8)] <- ""
nb_cell <- matrix(as.character(nb), n)
nb_cell[sample(length(nb_cell), 12)] <- "9"
gender_cell <- c("男", "女")[gender]
gender_cell[sample(n, 5)] <- ""
edu_labels <- c("小学及以下", "初中", "高中", "大学")
edu_cell <- edu_labels[edu]
edu_cell[sample(n, 6)] <- ""
act_cell <- matrix(ifelse(act == 1, "是", "否"), n)
act_cell[sample(length(act_cell), 10)] <- ""

d <- data.frame(编号 = seq_len(n), 性别 = gender_cell, 文化程度 = edu_cell, 月收入 = income_cell,
                邻里1 = nb_cell[, 1], 邻里2 = nb_cell[, 2], 邻里3 = nb_cell[, 3],
                参加议事会 = act_cell[, 1], 参加志愿服务 = act_cell[, 2], 参加文体活动 = act_cell[, 3],
                check.names = FALSE)
write_lines <- function(lines, path) {
  con <- file(path, "wb")
  writeLines(enc2utf8(lines), con, useBytes = TRUE)
  close(con)
}
write_lines(c(paste(names(d), collapse = ","), do.call(paste, c(d, sep = ","))),
            "tests/data/model-data.csv")
write_lines(c(
  "column,role,label_zh,label_en,scale,min,max,reverse,missing,values",
  "编号,id,编号,ID,,,,,,",
  "性别,gender,性别,Gender,,,,,,1=男|Male;2=女|Female",
  "文化程度,single,文化程度,Education,,,,,,1=小学及以下|Primary or less;2=初中|Junior secondary;3=高中|Senior secondary;4=大学|University",
  "月收入,numeric,月收入（元）,Monthly income (yuan),,0,100000,,,",
  "邻里1,likert,邻里互助,Neighbours help each other,neighbourhood,1,5,,9,",
  "邻里2,likert,邻里信任,Neighbours can be trusted,neighbourhood,1,5,,9,",
  "邻里3,likert,邻里来往,Neighbours visit each other,neighbourhood,1,5,,9,",
  "neighbourhood,scale,邻里关系,Neighbourhood ties,,,,,,",
  "参加议事会,participation,参加居民议事会,Residents' council,,,,,,1=是|Yes;2=否|No",
  "参加志愿服务,participation,参加志愿服务,Volunteer service,,,,,,1=是|Yes;2=否|No",
  "参加文体活动,participation,参加文体活动,Cultural activities,,,,,,1=是|Yes;2=否|No"),
  "tests/data/model-codebook.csv")

# ## The survey as canyu reads it (read back from the files just written)
raw <- read.csv("tests/data/model-data.csv", colClasses = "character", encoding = "UTF-8",
                check.names = FALSE, na.strings = character(0))
na_if <- function(x, miss = "") ifelse(x %in% c("", miss), NA, x)
g <- match(na_if(raw$性别), c("男", "女"))
e <- match(na_if(raw$文化程度), edu_labels)
inc <- as.numeric(na_if(raw$月收入))
X <- sapply(c("邻里1", "邻里2", "邻里3"), function(k) as.numeric(na_if(raw[[k]], "9")))
index <- (rowMeans(X) - 1) / (5 - 1) * 100 # NA unless all three answered
A <- sapply(c("参加议事会", "参加志愿服务", "参加文体活动"), function(k) na_if(raw[[k]]))
known <- rowSums(!is.na(A)) > 0
y <- as.numeric(rowSums(A == "是", na.rm = TRUE) > 0)

# ## A model, as canyu names it
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.list(x)) {
    if (is.null(names(x))) {
      parts <- vapply(x, to_json, "", indent = inner)
      return(paste0("[\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "]"))
    }
    parts <- mapply(function(k, v) paste0("\"", k, "\": ", to_json(v, inner)), names(x), x)
    return(paste0("{\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "}"))
  }
  if (is.character(x)) return(paste0("\"", x, "\""))
  if (is.logical(x)) return(if (x) "true" else "false")
  sprintf("%.17g", as.numeric(x))
}

# DF holds y and the predictors of the complete cases; NAMES maps R's
# coefficient names to canyu's terms.
fit_model <- function(df, names, reference, path) {
  fml <- as.formula(paste("y ~", paste(sprintf("`%s`", setdiff(names(df), "y")), collapse = " + ")))
  # Refit from the converged coefficients, so that the covariance is taken
  # at the estimate (see tests/reference/README.md, "Logistic SEs").
  fit0 <- glm(fml, family = binomial, data = df, control = glm.control(epsilon = 1e-13, maxit = 100))
  fit <- glm(fml, family = binomial, data = df, start = coef(fit0),
             control = glm.control(epsilon = 1e-13, maxit = 100))
  stopifnot(fit0$converged, fit$converged)
  co <- summary(fit)$coefficients
  ci <- exp(confint.default(fit))
  terms <- lapply(seq_len(nrow(co)), function(i) list(
    term = names[[gsub("`", "", rownames(co)[i])]], coef = co[i, 1], se = co[i, 2], z = co[i, 3],
    p_value = co[i, 4], odds_ratio = exp(co[i, 1]), or_ci_low = ci[i, 1], or_ci_high = ci[i, 2]))
  out <- list(outcome = "participant", n = nrow(df), converged = TRUE, terms = terms,
              reference = reference)
  write_lines(to_json(out), path)
  message("wrote ", path, " (n = ", nrow(df), ")")
}

# (b) the default model: no age column, no party member: gender and the index
cc <- known & !is.na(g) & !is.na(index)
fit_model(data.frame(y = y[cc], gender = factor(g[cc], levels = sort(unique(g[cc]))),
                     neighbourhood = index[cc]),
          list("(Intercept)" = "(intercept)", gender2 = "gender=女", neighbourhood = "neighbourhood"),
          list(gender = "男"), "tests/reference/model-default.json")

# (c) --model 文化程度,月收入,neighbourhood
cc <- known & !is.na(e) & !is.na(inc) & !is.na(index)
lv <- sort(unique(e[cc]))
nm <- list("(Intercept)" = "(intercept)", 月收入 = "月收入", neighbourhood = "neighbourhood")
for (l in lv[-1]) nm[[paste0("edu", l)]] <- paste0("文化程度=", edu_labels[l])
fit_model(data.frame(y = y[cc], edu = factor(e[cc], levels = lv), 月收入 = inc[cc],
                     neighbourhood = index[cc], check.names = FALSE),
          nm, setNames(list(edu_labels[lv[1]]), "文化程度"), "tests/reference/model-terms.json")

# (d) samples/boli-2024.csv with --model age_group,gender,community,services,
# interpersonal,institutional: 6 × 2 × 11 age, gender and community levels
# times the index grids make over a million possible patterns, so canyu fits
# the respondents one by one instead of pooling them (association.c).
b <- read.csv("samples/boli-2024.csv", colClasses = "character", encoding = "UTF-8",
              check.names = FALSE, na.strings = character(0))
item <- function(k) { v <- as.numeric(ifelse(b[[k]] %in% c("", "9"), NA, b[[k]])); v }
idx <- function(cols, rev = character(0)) {
  M <- sapply(cols, function(k) { v <- item(k); if (k %in% rev) 6 - v else v })
  (rowMeans(M) - 1) / 4 * 100
}
services <- idx(c("sat_environment", "sat_security", "sat_culture", "sat_eldercare", "sat_party",
                  "sat_digital", "sat_emergency"))
interpersonal <- idx(c("trust_neighbors", "trust_help", "trust_selfish"), rev = "trust_selfish")
institutional <- idx(c("trust_committee", "trust_subdistrict", "trust_party"))
acts <- sapply(grep("^act_", names(b), value = TRUE), item)
bknown <- rowSums(!is.na(acts)) > 0
by <- as.numeric(rowSums(acts == 1, na.rm = TRUE) > 0)
age <- as.numeric(b$age)
bands <- c("18-29", "30-39", "40-49", "50-59", "60-69", "70+")
band <- cut(age, c(18, 30, 40, 50, 60, 70, Inf), right = FALSE, labels = FALSE)
comm_labels <- c("长安社区", "南城社区", "太平社区", "顺天社区", "康华社区", "镇安社区", "花园社区",
                 "学府社区", "友谊社区", "金叶社区", "新北社区")
comm <- as.numeric(b$community)
bg <- as.numeric(b$gender)
cc <- bknown & !is.na(band) & !is.na(bg) & !is.na(comm) & !is.na(services) &
  !is.na(interpersonal) & !is.na(institutional)
alv <- sort(unique(band[cc]))
clv <- sort(unique(comm[cc]))
nm <- list("(Intercept)" = "(intercept)", gender2 = "gender=女", services = "services",
           interpersonal = "interpersonal", institutional = "institutional")
for (l in alv[-1]) nm[[paste0("age_group", l)]] <- paste0("age_group=", bands[l])
for (l in clv[-1]) nm[[paste0("community", l)]] <- paste0("community=", comm_labels[l])
fit_model(data.frame(y = by[cc], age_group = factor(band[cc], levels = alv),
                     gender = factor(bg[cc], levels = sort(unique(bg[cc]))),
                     community = factor(comm[cc], levels = clv), services = services[cc],
                     interpersonal = interpersonal[cc], institutional = institutional[cc]),
          nm, list(age_group = bands[alv[1]], gender = "男", community = comm_labels[clv[1]]),
          "tests/reference/model-boli-community.json")
