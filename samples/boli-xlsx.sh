#!/bin/sh
# boli-xlsx.sh — a coded canyu sample (samples/boli-2024.csv, or `canyu sample`
# output of any size) saved as an Excel workbook by LibreOffice Calc, as a user
# who opens the CSV in a spreadsheet and saves it as .xlsx would:
#
#     sh samples/boli-xlsx.sh samples/boli-2024.csv samples/boli-2024.xlsx
#
# The CSV is read as UTF-8 with comma and double quote (filter options
# CSV:44,34,76,1: from line 1), so numbers become number cells and the rest
# (ids such as 2024-0001, comments) shared strings.  Needs soffice
# (Debian: libreoffice-calc-nogui); written with LibreOffice 7.4.  LibreOffice
# writes the time of writing into docProps/core.xml, so two runs differ there
# and nowhere else.
set -eu
[ $# -eq 2 ] || { echo "usage: sh samples/boli-xlsx.sh IN.csv OUT.xlsx" >&2; exit 2; }
command -v soffice >/dev/null 2>&1 || { echo "boli-xlsx.sh: soffice (LibreOffice) is missing" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The sheet is named after the file: boli-2024.xlsx holds the sheet boli-2024.
base=$(basename "$2" .xlsx)
cp "$1" "$tmp/$base.csv"
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to xlsx \
    --infilter=CSV:44,34,76,1 --outdir "$tmp" "$tmp/$base.csv" >/dev/null 2>&1
[ -s "$tmp/$base.xlsx" ] || { echo "boli-xlsx.sh: LibreOffice wrote no workbook" >&2; exit 1; }
cp "$tmp/$base.xlsx" "$2"
