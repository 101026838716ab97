# sav-fixtures.R — the SPSS and Stata fixtures of tests/test_sav.c, written
# with haven (which writes through ReadStat).  From the repository root:
#
#     Rscript tests/reference/sav-fixtures.R
#
# writes tests/data/sav/ (haven writes the time of writing into .sav files, so
# those differ in their header from run to run, not in their data):
#   small.sav    every kind of cell: value labels with Chinese text, Chinese
#                variable labels, user-missing values (discrete, a small and
#                an open range, a string), a decimal, a whole number, a
#                system-missing value, dates, date-times, a Chinese string
#   small.zsav   the same data, zlib-compressed (compress = "zsav")
#   small.dta    the same columns as Stata 14 (UTF-8) sees them, with a
#                tagged missing value .a
#   boli.sav     the first 50 respondents of samples/boli-2024.csv as a 问卷星
#                SPSS download would hold them: the codebook's columns as
#                variables, label_zh as variable labels, its value labels, its
#                numeric missing answers as user-missing values; uncompressed
#   small.por    SPSS portable,
#   gbk.sav      an SPSS file in code page 936 (GBK), and
#   old.dta      a Stata 10 file in Windows-1252: haven can write none of them,
#                so the C program tests/reference/sav-readstat.c writes them
#                with ReadStat's own writer (compiled and run at the end when a
#                C compiler is found)
# The expected cell texts are written out in tests/test_sav.c; boli.sav is
# checked against samples/boli-2024.csv itself.
suppressPackageStartupMessages(library(haven))

dir <- "tests/data/sav"
dir.create(dir, showWarnings = FALSE, recursive = TRUE)

utc <- function(x) as.POSIXct(x, tz = "UTC", format = "%Y-%m-%d %H:%M:%OS")

gender <- labelled(c(1, 2, 2, 1, NA, 2), labels = c("男" = 1, "女" = 2),
                   label = "1、您的性别：")
sat <- labelled_spss(c(5, 9, -2, 3, 1, 4),
                     labels = c("非常不满意" = 1, "不满意" = 2, "一般" = 3, "满意" = 4,
                                "非常满意" = 5, "说不清" = 9, "(跳过)" = -2),
                     na_values = c(-2, 9), label = "2、您对社区环境卫生是否满意？")
age <- labelled_spss(c(30, -9, 45, -1, 70, -5), labels = c("拒答" = -9),
                     na_range = c(-9, -1), label = "3、您的年龄：")
income <- labelled_spss(c(1000, 99999, 2500.5, NA, 120000, 0), na_range = c(90000, Inf),
                        label = "月收入")
score <- c(2.5, 3, NA, 0.1, -1234567.875, 1e-5)
attr(score, "label") <- "得分"
big <- c(123456789012, 1 / 3, -0.5, 1e20, 2^53 + 2, -0)
name <- c("张三", "", "李四 ", "Ann \"A\", B", "王五┋赵六", "其他〖跳广场舞〗")
grade <- labelled_spss(c("A", "B", "X", "", "A", "B"), labels = c("甲" = "A", "乙" = "B"),
                       na_values = "X", label = "等级")
born <- as.Date(c("2024-05-01", NA, "1960-01-01", "2000-02-29", "1582-10-14", "1899-12-31"))
adate <- born
attr(adate, "format.spss") <- "ADATE10"
when <- utc(c("2024-05-01 10:30:00", "1970-01-01 00:00:00", NA, "2023-12-31 23:59:59",
              "1960-01-01 00:00:01", "2024-02-29 12:00:00"))
small <- data.frame(id = 1:6)
small$gender <- gender
small$sat <- sat
small$age <- age
small$income <- income
small$score <- score
small$big <- big
small$name <- name
small$grade <- grade
small$born <- born
small$adate <- adate
small$when <- when
small[["备注"]] <- c("好", "", "一般般", "", "", "")
write_sav(small, file.path(dir, "small.sav"))
write_sav(small, file.path(dir, "small.zsav"), compress = "zsav")

# Stata: no user-missing values (labelled_spss becomes labelled), a tagged
# missing value in gender, dates as %td, date-times as %tc.
dta <- small
dta$gender <- labelled(c(1, 2, 2, 1, tagged_na("a"), 2), labels = c("男" = 1, "女" = 2),
                       label = "1、您的性别：")
dta$sat <- labelled(as.numeric(small$sat), labels = attr(small$sat, "labels"),
                    label = "2、您对社区环境卫生是否满意？")
dta$age <- as.numeric(small$age)
dta$income <- as.numeric(small$income)
dta$grade <- as.character(small$grade)
dta$adate <- NULL
dta[["备注"]] <- NULL
write_dta(dta, file.path(dir, "small.dta"), version = 14)

# boli.sav: samples/boli-2024.csv through samples/codebook.csv.
cb <- read.csv("samples/codebook.csv", colClasses = "character", encoding = "UTF-8")
cb <- cb[cb$role != "scale", ] # the rows that name a scale, not a column
boli <- read.csv("samples/boli-2024.csv", colClasses = "character", encoding = "UTF-8",
                 nrows = 50)
stopifnot(identical(names(boli), cb$column))
wjx <- list()
for (i in seq_len(nrow(cb))) {
    col <- cb$column[i]
    x <- boli[[col]]
    if (cb$role[i] %in% c("id", "text")) {
        attr(x, "label") <- cb$label_zh[i]
        wjx[[col]] <- x
        next
    }
    x <- as.numeric(ifelse(x == "", NA, x))
    labels <- NULL
    if (cb$values[i] != "") {
        parts <- strsplit(strsplit(cb$values[i], ";")[[1]], "=")
        labels <- setNames(as.numeric(sapply(parts, `[`, 1)), sapply(parts, `[`, 2))
        labels <- labels[order(labels)]
    }
    miss <- strsplit(cb$missing[i], ";")[[1]]
    miss <- suppressWarnings(as.numeric(miss))
    miss <- miss[!is.na(miss)]
    if (length(miss))
        x <- labelled_spss(x, labels = labels, na_values = miss, label = cb$label_zh[i])
    else if (!is.null(labels))
        x <- labelled(x, labels = labels, label = cb$label_zh[i])
    else
        attr(x, "label") <- cb$label_zh[i]
    wjx[[col]] <- x
}
write_sav(as.data.frame(wjx, check.names = FALSE), file.path(dir, "boli.sav"), compress = "none")

# The portable and the GBK file, written by ReadStat itself.
cc <- Sys.which("cc")
if (nzchar(cc)) {
    exe <- tempfile("sav-readstat")
    stopifnot(system2(cc, c("-std=c11", "-o", exe, "tests/reference/sav-readstat.c",
                            "-lreadstat")) == 0)
    stopifnot(system2(exe, dir) == 0)
} else {
    message("no C compiler: small.por and gbk.sav not rewritten")
}
