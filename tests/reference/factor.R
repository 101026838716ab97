# factor.R — reference values for tests/test_factor.c (scale validity in stats/).
#
# Run from the repository root:  Rscript tests/reference/factor.R
# It writes, byte for byte the same on the same R:
#   tests/data/factor3.csv     300 respondents × 9 Likert items (1..5) with a
#                              known structure of three factors, generated here
#   tests/reference/factor.h   C initialisers, full precision (%.17g), that
#                              tests/test_factor.c includes
# Produced with R 4.2.2 and psych 2.2.9.
#
# What it computes (the functions canyu reproduces):
#   psych::KMO(r)                       overall MSA and MSAi
#   psych::cortest.bartlett(r, n)       chi-square, df, p
#   eigen(r)$values                     all eigenvalues, descending
#   psych::principal(r, K, rotate = "varimax")   rotated loadings, SS loadings,
#                                       proportion and cumulative variance
#   stats::varimax(A)                   of the unrotated loadings A = V·√Λ as
#                                       eigen() returns them (signs as LAPACK
#                                       gives them), with the number of
#                                       iterations R's loop runs

suppressMessages(library(psych))

fmt <- function(v) ifelse(is.na(v), "NAN", sprintf("%.17g", v))
out <- character()
emit <- function(name, v) {
  v <- as.numeric(v)
  out <<- c(out, sprintf("static const double %s[] = {%s};", name, paste(fmt(v), collapse = ", ")))
}
emit_int <- function(name, v) out <<- c(out, sprintf("static const int %s = %d;", name, as.integer(v)))
# Row-major, as canyu stores a matrix.
rowmajor <- function(m) as.numeric(t(unclass(m)))

# stats::varimax's loop (print(varimax) in R 4.2.2), replayed only to count
# its iterations; the loadings are checked against stats::varimax itself.
varimax_iterations <- function(x, eps = 1e-5) {
  x <- x / sqrt(rowSums(x^2))
  p <- nrow(x)
  TT <- diag(ncol(x))
  d <- 0
  for (i in 1L:1000L) {
    z <- x %*% TT
    B <- t(x) %*% (z^3 - z %*% diag(drop(rep(1, p) %*% z^2)) / p)
    sB <- La.svd(B)
    TT <- sB$u %*% sB$vt
    dpast <- d
    d <- sum(sB$d)
    if (d < dpast * (1 + eps)) break
  }
  i
}

# Everything canyu reports for the correlation matrix R of N respondents, with
# K factors; PREFIX names the C arrays.
validity <- function(prefix, r, n, ks) {
  emit(paste0(prefix, "_cor"), rowmajor(r))
  emit_int(paste0(prefix, "_n"), n)
  kmo <- KMO(r)
  emit(paste0(prefix, "_kmo"), kmo$MSA)
  emit(paste0(prefix, "_kmo_items"), kmo$MSAi)
  b <- cortest.bartlett(r, n)
  emit(paste0(prefix, "_bartlett"), c(b$chisq, b$df, b$p.value))
  e <- eigen(r, symmetric = TRUE)
  emit(paste0(prefix, "_eigen"), e$values)
  for (k in ks) {
    p <- principal(r, k, rotate = "varimax")
    v <- p$Vaccounted
    name <- paste0(prefix, "_k", k)
    emit(paste0(name, "_loadings"), rowmajor(p$loadings))
    emit(paste0(name, "_ss"), v["SS loadings", ])
    emit(paste0(name, "_pct"), 100 * v["Proportion Var", ])
    emit(paste0(name, "_cum"), 100 * if (k > 1) v["Cumulative Var", ] else v["Proportion Var", ])
    if (k > 1) {
      a <- e$vectors[, 1:k] %*% diag(sqrt(e$values[1:k]))
      emit(paste0(name, "_unrotated"), rowmajor(a))
      emit(paste0(name, "_varimax"), rowmajor(varimax(a)$loadings))
      emit_int(paste0(name, "_iterations"), varimax_iterations(a))
    }
  }
}

# ## A generated data set with three factors
# Items 1-3, 4-6 and 7-9 load on factors 1, 2 and 3, with three cross-loadings;
# normal latent responses are cut to 1..5.  The seed was chosen so that
# varimax of eigen()'s loadings comes out with negative column sums and with
# its columns out of SS order, so that canyu's sign and order rules are tested.
set.seed(52)
n <- 300
f <- matrix(rnorm(n * 3), n, 3)
lam <- matrix(0, 9, 3)
lam[1:3, 1] <- c(0.8, 0.75, 0.7)
lam[4:6, 2] <- c(0.7, 0.65, 0.6)
lam[7:9, 3] <- c(0.6, 0.55, 0.5)
lam[2, 2] <- 0.25
lam[5, 3] <- 0.2
lam[8, 1] <- 0.3
lat <- f %*% t(lam) + matrix(rnorm(n * 9), n, 9) %*% diag(sqrt(pmax(0.2, 1 - rowSums(lam^2))))
x <- lat
x[] <- pmin(5, pmax(1, round(3 + 1.2 * lat)))
colnames(x) <- paste0("q", 1:9)
write.csv(x, "tests/data/factor3.csv", row.names = FALSE, quote = FALSE)

out <- c(out, "/* ## tests/data/factor3.csv */")
validity("r_f3", cor(x), n, 1:3)

# ## varimax on loadings built by hand
# A simple structure turned by 30 degrees.  With two pairs of identical rows
# at right angles, R's iteration overshoots by exactly 60 degrees, d does not
# grow, and the input comes back unrotated: canyu must do the same.  With
# small cross-loadings the structure is found again.
out <- c(out, "/* ## varimax on hand-built loadings */")
turn <- function(s, th = pi / 6) s %*% t(matrix(c(cos(th), -sin(th), sin(th), cos(th)), 2, byrow = TRUE))
simple <- matrix(c(.8, 0, .7, 0, 0, .6, 0, .9), 4, byrow = TRUE)
emit("r_vm_pure", rowmajor(turn(simple)))
emit("r_vm_pure_varimax", rowmajor(varimax(turn(simple))$loadings))
emit_int("r_vm_pure_iterations", varimax_iterations(turn(simple)))
cross <- matrix(c(.8, .1, .7, 0, .1, .6, 0, .9, .5, .05), 5, byrow = TRUE)
emit("r_vm_cross", rowmajor(turn(cross)))
emit("r_vm_cross_varimax", rowmajor(varimax(turn(cross))$loadings))
emit_int("r_vm_cross_iterations", varimax_iterations(turn(cross)))

# ## The Boli County sample (samples/boli-2024.csv, samples/codebook.csv)
# Each section's items, codes 1..5 with 9 (and blanks) missing, listwise
# complete; the reverse-worded trust_selfish recoded min + max - x = 6 - x.
boli <- read.csv("samples/boli-2024.csv")
section <- function(cols, reverse = character()) {
  s <- boli[, cols]
  s[s == 9] <- NA
  for (c in reverse) s[[c]] <- 6 - s[[c]]
  s[complete.cases(s), ]
}
sat <- section(c("sat_environment", "sat_security", "sat_culture", "sat_eldercare",
                 "sat_party", "sat_digital", "sat_emergency"))
trust <- section(c("trust_neighbors", "trust_help", "trust_selfish", "trust_committee",
                   "trust_subdistrict", "trust_party"), reverse = "trust_selfish")
out <- c(out, "/* ## samples/boli-2024.csv, satisfaction items */")
ksat <- sum(eigen(cor(sat))$values > 1)
emit_int("r_sat_factors", ksat)
validity("r_sat", cor(sat), nrow(sat), ksat)
out <- c(out, "/* ## samples/boli-2024.csv, trust items (trust_selfish reversed) */")
ktrust <- sum(eigen(cor(trust))$values > 1)
emit_int("r_trust_factors", ktrust)
validity("r_trust", cor(trust), nrow(trust), ktrust)

writeLines(c("/* factor.h — written by tests/reference/factor.R (R 4.2.2, psych 2.2.9); do not edit. */",
             out), "tests/reference/factor.h")
