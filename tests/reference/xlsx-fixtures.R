# xlsx-fixtures.R — the Excel workbooks tests/test_xlsx.c reads, written by
# openxlsx (as a paper form typed into a spreadsheet and saved from R would be).
#
# Run from the repository root:
#     Rscript tests/reference/xlsx-fixtures.R
# It writes tests/data/xlsx/openxlsx.xlsx, two sheets:
#   "问卷"  (first in tab order): a header in row 1 with a skipped column D (no
#           cell at all: the two data frames are written at columns A and E);
#           strings in the shared string table (Chinese, numbered options, the
#           multiple-choice separator ┋), whole and fractional numbers
#           (2, 2.5, 1e-7, 123456789012, -3), a Date, a date and time
#           (POSIXct, UTC), a logical, NA written as an absent cell, and
#           row 5 left empty (no cells) before the last record in row 6;
#   "Sheet2": a header in row 3 (rows 1-2 absent) and one record.
# openxlsx writes shared strings only; test_xlsx.c makes inline strings with
# libxlsxwriter and by hand.  Produced with R 4.2.2 and openxlsx 4.2.5.x; the
# file holds a creation time, so it is not byte for byte the same on each run,
# but its cells are.
suppressMessages(library(openxlsx))

left <- data.frame(
    "序号" = c(1, 2, 3, 4),
    "1、您的性别：" = c("男", "女", NA, "女"),
    "年龄" = c(2, 2.5, 1e-7, 123456789012),
    check.names = FALSE, stringsAsFactors = FALSE)
right <- data.frame(
    "6、您参加过哪些活动?(多选)" = c("志愿服务┋文体、娱乐活动", "(跳过)", "", "其他〖跳广场舞〗"),
    "填写日期" = as.Date(c("2024-05-01", "2023-12-31", "1999-02-28", NA)),
    "提交时间" = as.POSIXct(c("2024-06-07 07:25:44", "2024-06-16 23:59:59", NA, "2024-01-01 00:00:00"),
                       tz = "UTC"),
    "是否党员" = c(TRUE, FALSE, NA, TRUE),
    "得分" = c(-3, 0, 100, 0.1),
    check.names = FALSE, stringsAsFactors = FALSE)

wb <- createWorkbook()
addWorksheet(wb, "问卷")
# Rows 2-4, then row 5 left empty and the fourth record in row 6.
put <- function(df, col) {
    for (j in seq_along(df)) {
        writeData(wb, "问卷", df[1:3, j, drop = FALSE], startCol = col + j - 1, startRow = 1)
        writeData(wb, "问卷", df[4, j, drop = FALSE], startCol = col + j - 1, startRow = 6,
                  colNames = FALSE)
    }
}
put(left, 1)
put(right, 5)
# openxlsx 4.2.5 gives its own Date and POSIXct formats the same number
# (numFmtId 165, defined twice): both columns get a format of their own.
addStyle(wb, "问卷", createStyle(numFmt = "DATE"), rows = 2:6, cols = 6)
addStyle(wb, "问卷", createStyle(numFmt = "yyyy/m/d h:mm:ss"), rows = 2:6, cols = 7)
addWorksheet(wb, "Sheet2")
writeData(wb, "Sheet2", data.frame(id = c("a-1"), "备注" = c("第二页"), check.names = FALSE),
          startCol = 2, startRow = 3)
saveWorkbook(wb, "tests/data/xlsx/openxlsx.xlsx", overwrite = TRUE)
