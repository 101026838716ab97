#!/bin/sh
# xlsx-libreoffice.sh — tests/data/xlsx/libreoffice-platform.xlsx, the header and
# first 200 records of samples/platform-export.csv (lines 1-202: record 84 holds
# a line break) saved as .xlsx by LibreOffice Calc, as a user who opens an
# export and saves it would.  tests/test_xlsx.c checks every cell against the
# CSV.  Run from the repository root (needs soffice and iconv):
#     sh tests/reference/xlsx-libreoffice.sh
# Written with LibreOffice 7.4.  LibreOffice stores a line break inside a cell
# as LF alone where the CSV has CRLF, and keeps "2024/6/7 7:25:44" as text.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
iconv -f GB18030 -t UTF-8 samples/platform-export.csv | head -n 202 >"$tmp/libreoffice-platform.csv"
# CSV:44,34,76,1 — comma, double quote, UTF-8, from line 1
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to xlsx \
    --infilter=CSV:44,34,76,1 --outdir "$tmp" "$tmp/libreoffice-platform.csv" >/dev/null
cp "$tmp/libreoffice-platform.xlsx" tests/data/xlsx/libreoffice-platform.xlsx
