# compare.R — reference values for `canyu compare --format json`, computed in
# R without canyu (tests/test_compare.c, tests/e2e-compare.sh).
#
# Run from the repository root.
#
#   Rscript tests/reference/compare.R
#       Regenerate the committed fixtures:
#         tests/data/compare-2021.csv, compare-2022.csv, compare-2023.csv
#             three waves made here by R's own generator (seed 20210601), not
#             by canyu: 2021 did not ask act_online and sat_digital, 2023 did
#             not ask trust_help (nor the comment); cells hold codes or label
#             text, declared missing answers (9, 说不清) and blanks, and a few
#             ages (16, 17) outside every band
#         tests/reference/compare-boli.json
#             canyu compare -f json samples/boli-2023.csv samples/boli-2024.csv
#         tests/reference/compare-unseen.json
#             canyu compare -f json --age-bands 18-34,35-59,60- \
#                 tests/data/compare-2023.csv tests/data/compare-2021.csv \
#                 tests/data/compare-2022.csv
#             (files out of order on purpose: waves are chronological)
#
#   Rscript tests/reference/compare.R [-c CODEBOOK] [--age-bands B] [-o OUT.json] FILE...
#       The reference JSON for any waves (default: the built-in codebook,
#       samples/codebook.csv, and canyu's default bands).
#
#   Rscript tests/reference/compare.R [-c CODEBOOK] [--age-bands B] --check CANYU.json FILE...
#       Compare canyu's JSON (from the same files and options) with R's, key by
#       key both ways: every number at relative tolerance 1e-6 (absolute 1e-12
#       near zero), null against null, strings, booleans, array lengths.
#       Prints each mismatch with its JSON path and a summary line; exits 1 on
#       any mismatch.  ("tool", "version" and "findings" are not statistics.)
#
#   Rscript tests/reference/compare.R --make-waves DIR SEED
#       Write three new waves, DIR/wave-2031.csv, wave-2032.csv and
#       wave-2033.csv, from the generator above with SEED: data canyu has
#       never seen, for --check.
#
# How it computes (docs/methods.md, "Change between waves"): the
# CSV is read with read.csv and the codebook applied by hand (codes or labels,
# missing answers and blanks to NA, reverse-worded items recoded
# min + max - x); a codebook column a file lacks is "not asked" there.  Waves
# are formed as canyu forms them (one per year; files of one year pooled, a
# file of several years split; waves without a year named after their file).
# Per wave: rates with prop.test(x, n, correct = FALSE)$conf.int (Wilson),
# means with mean, sd and t.test()$conf.int, listwise scale indices rescaled
# to 0-100, top-2 shares.  Changes between consecutive waves, later minus
# earlier: rates and top-2 shares with prop.test(c(x2, x1), c(n2, n1),
# correct = FALSE) (z = sign(d)·sqrt(X-squared), its p-value and conf.int),
# means and indices with t.test(later, earlier) (Welch).  Every figure is
# unweighted, as canyu compare's are.
# Produced with R 4.2.2; --check needs jsonlite.

args <- commandArgs(trailingOnly = TRUE)

# ## A minimal JSON writer (full precision; jsonlite prints 15 digits)

json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("\r", "\\r", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  paste0("\"", s, "\"")
}

# A named list is an object, an unnamed list an array, an atomic vector of
# length 1 a scalar; NULL and NA (and NaN, Inf) are null.
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    if (is.null(names(x))) {
      parts <- vapply(x, to_json, "", indent = inner)
      return(paste0("[\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "]"))
    }
    parts <- mapply(function(k, v) paste0(json_str(k), ": ", to_json(v, inner)), names(x), x)
    return(paste0("{\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "}"))
  }
  stopifnot(length(x) == 1)
  if (is.character(x)) return(json_str(x))
  if (is.logical(x)) return(if (is.na(x)) "null" else if (x) "true" else "false")
  if (!is.finite(x)) return("null")
  sprintf("%.17g", as.numeric(x))
}

write_json_file <- function(x, path) {
  con <- file(path, "wb")
  writeLines(enc2utf8(to_json(x)), con, useBytes = TRUE)
  close(con)
  message("wrote ", path)
}

# ## The codebook, applied by hand

read_codebook <- function(path) {
  cb <- read.csv(path, colClasses = "character", encoding = "UTF-8", na.strings = character(0))
  cb[] <- lapply(cb, trimws)
  # rows of role "scale" label a scale; they are no data column
  labels <- cb[cb$role == "scale", c("column", "label_zh", "label_en")]
  cb <- cb[cb$role != "scale", ]
  attr(cb, "scale_labels") <- labels
  stopifnot(!any(cb$role == "activities")) # one multiple-choice column: not handled here
  cb
}

# Value labels "1=a;2=b" or bare "a;b" (code = position) as a named integer
# vector: names are the labels.
parse_values <- function(spec) {
  if (spec == "") return(integer(0))
  parts <- strsplit(spec, ";", fixed = TRUE)[[1]]
  codes <- integer(length(parts))
  labels <- character(length(parts))
  for (k in seq_along(parts)) {
    if (grepl("^-?[0-9]+=", parts[k])) {
      codes[k] <- as.integer(sub("=.*$", "", parts[k]))
      labels[k] <- sub("\\|.*$", "", sub("^[^=]*=", "", parts[k]))  # "男|male": the Chinese label
    } else {
      codes[k] <- k
      labels[k] <- sub("\\|.*$", "", parts[k])
    }
  }
  setNames(codes, labels)
}

trim_cell <- function(x) gsub("^[ \t\r\n\u3000]+|[ \t\r\n\u3000]+$", "", x)

range_of <- function(row) {
  c(if (row$min == "") 1 else as.numeric(row$min), if (row$max == "") 5 else as.numeric(row$max))
}

# One column's cells to codes (NA = missing).  A cell may hold a code or a
# label; anything else would reject the record, which the data here never do.
apply_column <- function(cells, row) {
  cells <- trim_cell(cells)
  missing <- if (row$missing == "") character(0) else trim_cell(strsplit(row$missing, ";", fixed = TRUE)[[1]])
  out <- rep(NA_real_, length(cells))
  known <- cells != "" & !(cells %in% missing)
  role <- row$role
  values <- parse_values(row$values)
  if (role == "participation" && length(values) == 0) values <- c("是" = 1L, "否" = 0L)
  if (role %in% c("weight", "duration")) {
    out[known] <- as.numeric(cells[known])
    return(out)
  }
  v <- cells[known]
  code <- suppressWarnings(as.numeric(v))
  by_label <- match(v, names(values))
  code[!is.na(by_label)] <- values[by_label[!is.na(by_label)]]
  stopifnot(!anyNA(code))
  if (length(values) && !(role %in% c("age", "year")))
    stopifnot(all(code %in% values))
  if (role %in% c("age", "year")) code <- floor(code)
  out[known] <- code
  out
}

# One file: every analysed column (NA when the file lacks it) and the list
# of codebook columns it lacks.
load_file <- function(path, cb) {
  raw <- read.csv(path, colClasses = "character", encoding = "UTF-8", check.names = FALSE,
                  na.strings = character(0))
  names(raw) <- trim_cell(sub("^\ufeff", "", names(raw)))
  n <- nrow(raw)
  absent <- cb$column[!(cb$column %in% names(raw))]
  vars <- list()
  for (r in seq_len(nrow(cb))) {
    row <- cb[r, ]
    if (row$role %in% c("id", "text", "ignore")) next
    if (row$column %in% absent) {
      vars[[row$column]] <- rep(NA_real_, n)
      next
    }
    v <- apply_column(raw[[row$column]], row)
    if (row$role %in% c("satisfaction", "trust") && row$reverse == "1") {
      lh <- range_of(row)
      v <- lh[1] + lh[2] - v
    }
    vars[[row$column]] <- v
  }
  list(file = path, n = n, vars = vars, absent = absent)
}

cols_of <- function(cb, role) cb$column[cb$role == role]
row_of <- function(cb, column) cb[cb$column == column, ]

parse_bands <- function(spec) {
  parts <- strsplit(spec, ",", fixed = TRUE)[[1]]
  lo <- as.numeric(sub("-.*$", "", parts))
  hi_s <- sub("^[^-]*-", "", parts)
  hi <- ifelse(hi_s == "", Inf, suppressWarnings(as.numeric(hi_s)))
  label <- ifelse(hi_s == "", paste0(lo, "+"), parts)
  list(lo = lo, hi = hi, label = label, n = length(parts))
}

band_of <- function(age, bands) {
  g <- rep(NA_integer_, length(age))
  for (b in seq_len(bands$n)) g[!is.na(age) & age >= bands$lo[b] & age <= bands$hi[b]] <- b
  g
}

# ## Waves

file_label <- function(path) {
  if (path == "-") return("stdin")
  sub("(.)\\.[^.]*$", "\\1", basename(path))
}

# Group the loaded files into waves as canyu does: by year when the codebook
# has a year column, else (or for a file without years) one wave per file.
form_waves <- function(files, cb) {
  ycol <- cols_of(cb, "year")
  waves <- list()
  find_year <- function(y) {
    for (i in seq_along(waves)) if (!is.na(waves[[i]]$year) && waves[[i]]$year == y) return(i)
    waves[[length(waves) + 1]] <<- list(label = as.character(y), year = y, pieces = list())
    length(waves)
  }
  for (f in seq_along(files)) {
    d <- files[[f]]
    yv <- if (length(ycol)) d$vars[[ycol]] else rep(NA_real_, d$n)
    ys <- sort(unique(yv[!is.na(yv)]))
    if (length(ys) == 0) {
      waves[[length(waves) + 1]] <- list(label = file_label(d$file), year = NA_real_,
                                         pieces = list(list(f = f, rows = rep(TRUE, d$n))))
    } else if (length(ys) == 1) {
      i <- find_year(ys)
      waves[[i]]$pieces[[length(waves[[i]]$pieces) + 1]] <- list(f = f, rows = rep(TRUE, d$n))
    } else {
      stopifnot(!anyNA(yv))
      for (y in ys) {
        i <- find_year(y)
        waves[[i]]$pieces[[length(waves[[i]]$pieces) + 1]] <- list(f = f, rows = yv == y)
      }
    }
  }
  years <- vapply(waves, function(w) w$year, 0)
  if (!anyNA(years)) waves <- waves[order(years)]
  stopifnot(length(waves) >= 2, !anyDuplicated(vapply(waves, function(w) w$label, "")))
  for (i in seq_along(waves)) {
    w <- waves[[i]]
    fs <- vapply(w$pieces, function(p) p$f, 0)
    absent <- files[[fs[1]]]$absent
    for (f in fs) stopifnot(setequal(files[[f]]$absent, absent))
    vars <- lapply(names(files[[1]]$vars), function(col)
      unlist(lapply(w$pieces, function(p) files[[p$f]]$vars[[col]][p$rows])))
    names(vars) <- names(files[[1]]$vars)
    waves[[i]]$files <- unique(vapply(fs, function(f) files[[f]]$file, ""))
    waves[[i]]$absent <- cb$column[cb$column %in% absent] # codebook order
    waves[[i]]$vars <- vars
    waves[[i]]$n <- sum(vapply(w$pieces, function(p) sum(p$rows), 0))
  }
  waves
}

# ## Figures of one wave

rate_of <- function(y, asked) {
  if (!asked) return(list(asked = FALSE, n = 0, participants = NA, rate = NA, ci_low = NA, ci_high = NA))
  n <- length(y)
  x <- sum(y)
  if (n == 0) return(list(asked = TRUE, n = 0, participants = 0, rate = NA, ci_low = NA, ci_high = NA))
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
  list(asked = TRUE, n = n, participants = x, rate = x / n, ci_low = ci[1], ci_high = ci[2])
}

mean_of <- function(x, asked) {
  if (!asked || length(x) == 0)
    return(list(asked = asked, n = 0, mean = NA, sd = NA, ci_low = NA, ci_high = NA))
  n <- length(x)
  m <- mean(x)
  if (n < 2) return(list(asked = TRUE, n = n, mean = m, sd = NA, ci_low = NA, ci_high = NA))
  s <- sd(x)
  ci <- if (s > 0) t.test(x)$conf.int else c(m, m)
  list(asked = TRUE, n = n, mean = m, sd = s, ci_low = ci[1], ci_high = ci[2])
}

# Later minus earlier: the pooled z test and prop.test's interval.
prop_change <- function(a, b) {
  out <- list(difference = NA, ci_low = NA, ci_high = NA, z = NA, p_value = NA)
  if (!a$asked || !b$asked || a$n == 0 || b$n == 0) return(out)
  pt <- suppressWarnings(prop.test(c(b$x, a$x), c(b$n, a$n), correct = FALSE))
  d <- b$x / b$n - a$x / a$n
  st <- unname(pt$statistic)
  list(difference = d, ci_low = pt$conf.int[1], ci_high = pt$conf.int[2],
       z = if (is.finite(st)) sign(d) * sqrt(st) else NA,
       p_value = if (is.finite(st)) pt$p.value else NA)
}

# Later minus earlier: Welch's t test.
mean_change <- function(xa, xb, asked) {
  out <- list(difference = NA, ci_low = NA, ci_high = NA, t = NA, df = NA, p_value = NA)
  if (!asked || length(xa) < 2 || length(xb) < 2) return(out)
  out$difference <- mean(xb) - mean(xa)
  if (sd(xa) == 0 && sd(xb) == 0) return(out) # t.test refuses constant data
  tt <- t.test(xb, xa)
  list(difference = out$difference, ci_low = tt$conf.int[1], ci_high = tt$conf.int[2],
       t = unname(tt$statistic), df = unname(tt$parameter), p_value = tt$p.value)
}

compare <- function(paths, cbpath, bands_spec) {
  cb <- read_codebook(cbpath)
  bands <- parse_bands(bands_spec)
  files <- lapply(paths, load_file, cb = cb)
  waves <- form_waves(files, cb)
  nw <- length(waves)
  labels <- vapply(waves, function(w) w$label, "")
  asked <- function(w, col) !(col %in% waves[[w]]$absent)
  pairs <- seq_len(nw - 1)
  from_to <- function(i) list(from = labels[i], to = labels[i + 1])

  acts <- cols_of(cb, "participation")
  # per wave: participant (NA when every activity answer is missing), age band
  part <- lapply(seq_len(nw), function(w) {
    v <- waves[[w]]$vars
    am <- matrix(sapply(acts, function(a) v[[a]]), nrow = waves[[w]]$n)
    known <- rowSums(!is.na(am)) > 0
    ifelse(known, as.numeric(rowSums(am == 1, na.rm = TRUE) > 0), NA)
  })
  age <- lapply(seq_len(nw), function(w) band_of(waves[[w]]$vars[[cols_of(cb, "age")]], bands))
  any_act <- vapply(seq_len(nw), function(w) any(vapply(acts, function(a) asked(w, a), TRUE)), TRUE)

  rates_series <- function(get, asked_w) {
    by <- lapply(seq_len(nw), function(w) { y <- get(w); rate_of(y, asked_w[w]) })
    by_wave <- lapply(seq_len(nw), function(w) c(list(wave = labels[w]), by[[w]]))
    changes <- lapply(pairs, function(i) {
      a <- by[[i]]; b <- by[[i + 1]]
      c(from_to(i), prop_change(list(asked = a$asked, n = a$n, x = a$participants),
                                list(asked = b$asked, n = b$n, x = b$participants)))
    })
    list(by_wave = by_wave, changes = changes)
  }
  overall <- rates_series(function(w) part[[w]][!is.na(part[[w]])], any_act)
  by_age <- lapply(seq_len(bands$n), function(b)
    c(list(group = bands$label[b]),
      rates_series(function(w) part[[w]][!is.na(part[[w]]) & age[[w]] %in% b], any_act)))
  activities <- lapply(acts, function(a) {
    row <- row_of(cb, a)
    c(list(column = a, label = row$label_zh, label_en = row$label_en),
      rates_series(function(w) { y <- waves[[w]]$vars[[a]]; as.numeric(y[!is.na(y)] == 1) },
                   vapply(seq_len(nw), function(w) asked(w, a), TRUE)))
  })

  likert <- c(cols_of(cb, "satisfaction"), cols_of(cb, "trust"))
  section_of <- function(col) row_of(cb, col)$role
  scale_of <- function(col) { s <- row_of(cb, col)$scale; if (s == "") section_of(col) else s }

  items <- lapply(likert, function(col) {
    row <- row_of(cb, col)
    lh <- range_of(row)
    hi <- lh[2]
    # an item's figures are of its answers as given: a reverse-worded item's
    # recoded scores turned back (min + max - score)
    xs <- lapply(seq_len(nw), function(w) {
      x <- waves[[w]]$vars[[col]]
      if (row$reverse == "1") x <- lh[1] + lh[2] - x
      x[!is.na(x)]
    })
    ask <- vapply(seq_len(nw), function(w) asked(w, col), TRUE)
    by_wave <- lapply(seq_len(nw), function(w) {
      m <- mean_of(xs[[w]], ask[w])
      c(list(wave = labels[w]), m,
        list(top2 = if (ask[w] && length(xs[[w]])) mean(xs[[w]] >= hi - 1) else NA))
    })
    changes <- lapply(pairs, function(i) {
      both <- ask[i] && ask[i + 1]
      top <- function(w) list(asked = ask[w], n = length(xs[[w]]), x = sum(xs[[w]] >= hi - 1))
      c(from_to(i), mean_change(xs[[i]], xs[[i + 1]], both), list(top2 = prop_change(top(i), top(i + 1))))
    })
    list(column = col, label = row$label_zh, label_en = row$label_en, section = section_of(col),
         scale = scale_of(col), by_wave = by_wave, changes = changes)
  })

  scales <- list()
  for (sec in c("satisfaction", "trust")) {
    cols <- cols_of(cb, sec)
    names_in_order <- unique(vapply(cols, scale_of, ""))
    for (sname in names_in_order) {
      sc <- cols[vapply(cols, scale_of, "") == sname]
      lh <- range_of(row_of(cb, sc[1]))
      ask <- vapply(seq_len(nw), function(w) all(vapply(sc, function(c) asked(w, c), TRUE)), TRUE)
      idx <- lapply(seq_len(nw), function(w) {
        X <- matrix(sapply(sc, function(c) waves[[w]]$vars[[c]]), nrow = waves[[w]]$n)
        ok <- rowSums(is.na(X)) == 0
        (rowMeans(X[ok, , drop = FALSE]) - lh[1]) / (lh[2] - lh[1]) * 100
      })
      scales[[length(scales) + 1]] <- list(
        scale = sname, section = sec, items = as.list(sc),
        by_wave = lapply(seq_len(nw), function(w) c(list(wave = labels[w]), mean_of(idx[[w]], ask[w]))),
        changes = lapply(pairs, function(i) c(from_to(i), mean_change(idx[[i]], idx[[i + 1]], ask[i] && ask[i + 1]))))
    }
  }

  list(
    input = list(files = lapply(files, function(d)
      list(file = d$file, encoding = "utf-8", rows_read = d$n, rows_loaded = d$n, rows_excluded = 0))),
    waves = lapply(waves, function(w)
      list(label = w$label, year = w$year, files = as.list(w$files), rows_loaded = w$n,
           not_asked = as.list(w$absent))),
    age_bands = as.list(bands$label),
    weighting = list(method = "none", weights_ignored = any(cb$role == "weight")),
    participation = c(overall, list(by_age_group = by_age, activities = activities)),
    scales = scales,
    items = items)
}

# ## Comparing canyu's JSON with R's

check_json <- function(canyu_path, ref) {
  got <- jsonlite::fromJSON(canyu_path, simplifyVector = FALSE)
  st <- new.env()
  st$numbers <- 0; st$nulls <- 0; st$bad <- 0; st$max_rel <- 0; st$where <- ""
  fail <- function(path, msg) { st$bad <- st$bad + 1; cat("mismatch at ", path, ": ", msg, "\n", sep = "") }
  is_null <- function(x) is.null(x) || (length(x) == 1 && !is.list(x) && is.na(x))
  walk <- function(g, r, path) {
    if (is_null(r) || is_null(g)) {
      if (is_null(r) && is_null(g)) st$nulls <- st$nulls + 1
      else fail(path, sprintf("canyu %s, R %s", format(g), format(r)))
      return()
    }
    if (is.list(r)) {
      if (!is.list(g)) return(fail(path, "R has an object or array, canyu not"))
      if (is.null(names(r)) != is.null(names(g)) && length(r) && length(g))
        return(fail(path, "object against array"))
      if (is.null(names(r))) {
        if (length(g) != length(r)) return(fail(path, sprintf("length %d, R %d", length(g), length(r))))
        for (i in seq_along(r)) walk(g[[i]], r[[i]], sprintf("%s[%d]", path, i - 1))
      } else {
        skip <- if (path == "") c("tool", "version", "findings") else character(0)
        for (k in setdiff(names(g), c(names(r), skip))) fail(paste0(path, ".", k), "canyu has it, R not")
        for (k in names(r)) {
          if (!(k %in% names(g))) fail(paste0(path, ".", k), "R has it, canyu not")
          else walk(g[[k]], r[[k]], paste0(path, ".", k))
        }
      }
      return()
    }
    if (is.character(r) || is.logical(r)) {
      if (!identical(as.vector(g), as.vector(r))) fail(path, sprintf("canyu \"%s\", R \"%s\"", g, r))
      return()
    }
    g <- as.numeric(g); r <- as.numeric(r)
    st$numbers <- st$numbers + 1
    diff <- abs(g - r)
    rel <- if (max(abs(g), abs(r)) > 0) diff / max(abs(g), abs(r)) else 0
    if (diff > 1e-12 && rel > 1e-6) fail(path, sprintf("canyu %.17g, R %.17g (relative %.3g)", g, r, rel))
    else if (rel > st$max_rel) { st$max_rel <- rel; st$where <- path }
  }
  walk(got, ref, "")
  cat(sprintf("%d numbers and %d nulls compared with R: %d mismatches; largest relative difference %.3g%s\n",
              st$numbers, st$nulls, st$bad, st$max_rel, if (nzchar(st$where)) paste0(" at ", st$where) else ""))
  st$bad == 0
}

# ## Waves made by R, for data canyu has never seen

csv_field <- function(x) {
  need <- grepl("[\",\r\n]", x)
  x[need] <- paste0("\"", gsub("\"", "\"\"", x[need], fixed = TRUE), "\"")
  x
}

# N respondents of YEAR with the default codebook's columns minus DROP.
# SHIFT moves participation (per activity, on the logit scale) and the mean
# answer of satisfaction and trust items, so that waves differ.
make_wave <- function(path, n, year, shift, drop = character(0)) {
  cb <- read_codebook("samples/codebook.csv")
  comm_of <- list(1:2, 3:4, 5:6, 7:9, 10:11)
  sub <- sample(1:5, n, TRUE, prob = c(0.2, 0.2, 0.2, 0.25, 0.15))
  comm <- vapply(sub, function(s) { v <- comm_of[[s]]; v[sample.int(length(v), 1)] }, 0)
  age <- pmin(95, pmax(16, round(rnorm(n, 52, 17))))
  party <- rbinom(n, 1, 0.15 + 0.12 * (age > 55))
  cols <- list(id = sprintf("%d-%05d", year, seq_len(n)), year = rep(as.character(year), n),
               subdistrict = as.character(sub), community = as.character(comm),
               gender = as.character(sample(1:2, n, TRUE)), age = as.character(age),
               party_member = as.character(party))
  acts <- cols_of(cb, "participation")
  base <- c(-1.3, -1.0, -1.6, -0.7, -1.1, -2.0)
  took <- matrix(0, n, length(acts))
  for (k in seq_along(acts)) {
    p <- plogis(base[k] + 0.04 * (age - 50) + 0.9 * party + shift$act[k])
    y <- rbinom(n, 1, p)
    took[, k] <- y
    cell <- as.character(y)
    lab <- runif(n) < 0.1
    cell[lab] <- ifelse(y[lab] == 1, "是", "否")
    cell[runif(n) < 0.03] <- "9"
    cell[runif(n) < 0.01] <- ""
    cols[[acts[k]]] <- cell
  }
  none <- rowSums(took) == 0
  bar <- ifelse(age < 40, sample(c(1, 1, 2, 3, 6), n, TRUE), sample(1:6, n, TRUE))
  bcell <- ifelse(none, as.character(bar), "")
  bcell[none & runif(n) < 0.05] <- "9"
  cols$barrier <- bcell
  likert_cell <- function(x, row) {
    x <- pmin(5, pmax(1, round(x)))
    cell <- as.character(x)
    labels <- names(parse_values(row$values))
    lab <- runif(n) < 0.1
    cell[lab] <- labels[x[lab]]
    cell[runif(n) < 0.04] <- "9"
    cell[runif(n) < 0.02] <- "说不清"
    cell[runif(n) < 0.01] <- ""
    cell
  }
  latent <- list(services = rnorm(n), interpersonal = rnorm(n), institutional = rnorm(n))
  for (col in c(cols_of(cb, "satisfaction"), cols_of(cb, "trust"))) {
    row <- row_of(cb, col)
    mu <- 3.1 + shift$likert[[col]] %||% 0
    z <- latent[[row$scale]]
    x <- if (row$reverse == "1") 6 - (mu + 0.9 * z + rnorm(n, 0, 0.8)) else mu + 0.9 * z + rnorm(n, 0, 0.8)
    cols[[col]] <- likert_cell(x, row)
  }
  cols$duration <- as.character(round(rlnorm(n, log(420), 0.45)))
  phrases <- c("希望多组织活动，尤其是周末", "建议\"线上议事\"更方便一些", "没有意见", "Parking, please")
  com <- rep("", n)
  some <- runif(n) < 0.1
  com[some] <- sample(phrases, sum(some), TRUE)
  cols$comment <- com
  keep <- cb$column[!(cb$column %in% drop)]
  lines <- c(paste(keep, collapse = ","),
             do.call(paste, c(lapply(keep, function(k) csv_field(cols[[k]])), sep = ",")))
  con <- file(path, "wb")
  writeLines(enc2utf8(lines), con, useBytes = TRUE)
  close(con)
  message("wrote ", path)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# Three waves: participation and some ratings rise over the years; the first
# did not ask two questions, the last one (and the comment).
make_waves <- function(dir, seed, years, prefix) {
  set.seed(seed)
  shifts <- list(
    list(act = c(0, 0, 0, 0, 0, 0), likert = list()),
    list(act = c(0, 0.35, 0, 0, 0.1, 0.6), likert = list(sat_digital = 0.3, sat_emergency = 0.15)),
    list(act = c(-0.2, 0.4, 0.3, 0, 0.1, 1.0), likert = list(sat_digital = 0.5, trust_committee = 0.2)))
  drops <- list(c("act_online", "sat_digital"), character(0), c("trust_help", "comment"))
  sizes <- c(900, 1000, 950)
  paths <- file.path(dir, sprintf("%s%d.csv", prefix, years))
  for (i in 1:3) make_wave(paths[i], sizes[i], years[i], shifts[[i]], drops[[i]])
  paths
}

# ## Main

opt <- list(codebook = "samples/codebook.csv", bands = "18-29,30-39,40-49,50-59,60-69,70-",
            out = NULL, check = NULL, files = character(0))
i <- 1
if (length(args) && args[1] == "--make-waves") {
  stopifnot(length(args) == 3)
  make_waves(args[2], as.integer(args[3]), 2031:2033, "wave-")
  quit(status = 0)
}
while (i <= length(args)) {
  a <- args[i]
  if (a %in% c("-c", "--codebook")) { opt$codebook <- args[i + 1]; i <- i + 2 }
  else if (a == "--age-bands") { opt$bands <- args[i + 1]; i <- i + 2 }
  else if (a %in% c("-o", "--output")) { opt$out <- args[i + 1]; i <- i + 2 }
  else if (a == "--check") { opt$check <- args[i + 1]; i <- i + 2 }
  else { opt$files <- c(opt$files, a); i <- i + 1 }
}

if (length(opt$files)) {
  ref <- compare(opt$files, opt$codebook, opt$bands)
  if (!is.null(opt$out)) write_json_file(ref, opt$out)
  if (!is.null(opt$check)) quit(status = if (check_json(opt$check, ref)) 0 else 1)
  if (is.null(opt$out)) cat(enc2utf8(to_json(ref)), "\n", sep = "")
} else {
  make_waves("tests/data", 20210601, 2021:2023, "compare-")
  write_json_file(compare(c("samples/boli-2023.csv", "samples/boli-2024.csv"), "samples/codebook.csv",
                          "18-29,30-39,40-49,50-59,60-69,70-"),
                  "tests/reference/compare-boli.json")
  write_json_file(compare(c("tests/data/compare-2023.csv", "tests/data/compare-2021.csv",
                            "tests/data/compare-2022.csv"), "samples/codebook.csv", "18-34,35-59,60-"),
                  "tests/reference/compare-unseen.json")
}
