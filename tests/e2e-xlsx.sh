#!/bin/sh
# End-to-end tests of the Excel output: the format from -f or from -o's
# extension, the refusal to write a workbook to a terminal, and every figure
# of the JSON's participation.by_age_group found as a numeric cell of the
# workbook (when unzip is there to open it).  Usage: tests/e2e-xlsx.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_rc NAME RC COMMAND...: run COMMAND (stdout to $T/out, stderr to $T/err)
expect_rc() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; sed 's/^/  | /' "$T/err" | head -5; fi
}
# starts FILE BYTES NAME: FILE begins with BYTES
starts() {
    n=$(printf %s "$2" | wc -c)
    if [ "$(head -c "$n" "$1")" = "$2" ]; then ok; else bad "$3: does not start with \"$2\""; fi
}
has() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: missing \"$2\""; sed 's/^/  | /' "$1" | head -5; fi
}

# -o FILE.xlsx picks xlsx; so does an upper-case extension
expect_rc "report -o x.xlsx" 0 $CANYU report -o "$T/x.xlsx" samples/boli-2024.csv
starts "$T/x.xlsx" "PK" "report -o x.xlsx"
expect_rc "report -o X.XLSX" 0 $CANYU report --lang zh -o "$T/X.XLSX" samples/boli-2024.csv
starts "$T/X.XLSX" "PK" "report -o X.XLSX"
# -f xlsx to a file or a pipe
expect_rc "report -f xlsx >file" 0 $CANYU report -f xlsx samples/boli-2024.csv
starts "$T/out" "PK" "report -f xlsx >file"
# -f wins over the extension; the other extensions pick their formats
expect_rc "-f json -o x.xlsx" 0 $CANYU report -f json -o "$T/j.xlsx" samples/boli-2024.csv
starts "$T/j.xlsx" "{" "-f json -o x.xlsx"
expect_rc "-o x.json" 0 $CANYU report -o "$T/r.json" samples/boli-2024.csv
starts "$T/r.json" "{" "-o x.json"
expect_rc "-o x.md" 0 $CANYU report -o "$T/r.md" samples/boli-2024.csv
starts "$T/r.md" "# " "-o x.md"
expect_rc "-o x.csv" 0 $CANYU report -o "$T/r.csv" samples/boli-2024.csv
starts "$T/r.csv" "$(printf '\357\273\277')section," "-o x.csv"
expect_rc "-o x.txt" 0 $CANYU report -o "$T/r.txt" samples/boli-2024.csv
has "$T/r.txt" "Participation rate by age group" "-o x.txt"
# compare writes a workbook too
expect_rc "compare -o x.xlsx" 0 $CANYU compare --age-bands 18-34,35-59,60- -o "$T/c.xlsx" \
    tests/data/compare-2021.csv tests/data/compare-2022.csv tests/data/compare-2023.csv
starts "$T/c.xlsx" "PK" "compare -o x.xlsx"
# a bad format name lists xlsx
expect_rc "-f xls" 2 $CANYU report -f xls samples/boli-2024.csv
has "$T/err" "text, markdown, csv, json, html or xlsx" "-f xls"

# a workbook is not written to a terminal
if command -v script >/dev/null 2>&1; then
    script -qec "$CANYU report -f xlsx samples/boli-2024.csv" /dev/null >"$T/tty" 2>&1
    rc=$?
    if [ "$rc" -eq 2 ]; then ok; else bad "-f xlsx to a terminal: exit $rc, want 2"; fi
    has "$T/tty" "give -o FILE.xlsx" "-f xlsx to a terminal"
    if grep -q "PK" "$T/tty"; then bad "-f xlsx to a terminal wrote the workbook"; else ok; fi
fi

# every figure of participation.by_age_group in the JSON is a numeric cell
if command -v unzip >/dev/null 2>&1; then
    $CANYU report -f json samples/boli-2024.csv |
        sed -n '/^    "by_age_group": \[/,/^    \]/p' |
        sed -n 's/^ *"\(n\|participants\|rate\|ci_low\|ci_high\)": \([-0-9.eE+]*\),\{0,1\}$/\2/p' >"$T/want"
    # numeric cells: <c ...> without t="..." holding <v>
    unzip -p "$T/x.xlsx" 'xl/worksheets/sheet*.xml' |
        sed 's/<c /\n<c /g' | grep '^<c ' | grep -v ' t="' | grep -v '<f>' |
        sed -n 's/.*<v>\([^<]*\)<\/v>.*/\1/p' >"$T/have"
    nwant=$(wc -l <"$T/want")
    if [ "$nwant" -eq 30 ]; then ok; else bad "by_age_group: $nwant figures in the JSON, want 30"; fi
    missing=$(awk 'NR == FNR { have[++n] = $1 + 0; next }
        { w = $1 + 0; tol = 1e-12 * (w < 0 ? -w : w); found = 0
          for (i = 1; i <= n && !found; i++) { d = have[i] - w; if (d < 0) d = -d; if (d <= tol) found = 1 }
          if (!found) print }' "$T/have" "$T/want")
    if [ -z "$missing" ]; then ok; else bad "not numeric cells of the workbook: $missing"; fi
fi

echo "e2e-xlsx: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
