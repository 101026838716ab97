# boli-sav.R — a coded canyu sample (samples/boli-2024.csv, or `canyu sample`
# output of any size) as the SPSS file a survey platform would give for it,
# written by R's haven (write_sav, through ReadStat): the columns of
# samples/codebook.csv as variables, label_zh as variable labels, the
# codebook's value labels, its numeric missing answers as user-missing values.
#
#     Rscript samples/boli-sav.R samples/boli-2024.csv samples/boli-2024.sav
#
# An optional third argument compresses: "byte" (the default, as SPSS saves),
# "none" or "zsav".  haven writes the time of writing into the file header, so
# two runs differ there and nowhere else.
suppressPackageStartupMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2)
    stop("usage: Rscript samples/boli-sav.R IN.csv OUT.sav [byte|none|zsav]")
compress <- if (length(args) >= 3) args[3] else "byte"
cb <- read.csv("samples/codebook.csv", colClasses = "character", encoding = "UTF-8")
cb <- cb[cb$role != "scale", ] # the rows that name a scale, not a column
data <- read.csv(args[1], colClasses = "character", encoding = "UTF-8", check.names = FALSE)
stopifnot(identical(names(data), cb$column))
out <- list()
for (i in seq_len(nrow(cb))) {
    col <- cb$column[i]
    x <- data[[col]]
    if (cb$role[i] %in% c("id", "text")) {
        attr(x, "label") <- cb$label_zh[i]
        out[[col]] <- x
        next
    }
    x <- as.numeric(ifelse(x == "", NA, x))
    labels <- NULL
    if (cb$values[i] != "") {
        parts <- strsplit(strsplit(cb$values[i], ";")[[1]], "=")
        # "1=新华街道|Xinhua": the Chinese label, as a Chinese platform writes it
        text <- sub("\\|.*$", "", sapply(parts, `[`, 2))
        labels <- setNames(as.numeric(sapply(parts, `[`, 1)), text)
        labels <- labels[order(labels)]
    }
    miss <- suppressWarnings(as.numeric(strsplit(cb$missing[i], ";")[[1]]))
    miss <- miss[!is.na(miss)]
    if (length(miss))
        x <- labelled_spss(x, labels = labels, na_values = miss, label = cb$label_zh[i])
    else if (!is.null(labels))
        x <- labelled(x, labels = labels, label = cb$label_zh[i])
    else
        attr(x, "label") <- cb$label_zh[i]
    out[[col]] <- x
}
write_sav(as.data.frame(out, check.names = FALSE), args[2], compress = compress)
