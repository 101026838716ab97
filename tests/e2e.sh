#!/bin/sh
# End-to-end tests: run build/canyu on files in samples/ and tests/data and
# compare output, messages and exit codes.  Usage: tests/e2e.sh [BUILD]
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
# has FILE TEXT NAME: FILE contains the fixed string TEXT
has() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: missing \"$2\""; sed 's/^/  | /' "$1" | head -5; fi
}

# validate: a GB18030/CRLF export with bad records, every one listed, exit 1
expect_rc "validate small" 1 $CANYU validate -c tests/data/small-codebook.csv tests/data/small-gb18030.csv
if diff -u tests/data/small-gb18030.expected "$T/out" >"$T/diff"; then ok; else bad "validate small output"; cat "$T/diff"; fi

# the same with the rejected records written out, then loaded again: all 4
# come back (the repeated id now loads: its first occurrence is not there)
expect_rc "rejects" 1 $CANYU validate -q -c tests/data/small-codebook.csv --rejects "$T/rej.csv" tests/data/small-gb18030.csv
expect_rc "reload rejects" 1 $CANYU validate -c tests/data/small-codebook.csv "$T/rej.csv"
has "$T/out" "4 records read, 1 loaded, 3 rejected" "reload rejects"
has "$T/out" 'warning: column "canyu_reason": not in the codebook; ignored' "reload rejects"

# --lenient keeps the records with invalid values
expect_rc "lenient" 1 $CANYU validate --lenient -c tests/data/small-codebook.csv tests/data/small-gb18030.csv
has "$T/out" "6 records read, 4 loaded, 2 rejected, 0 blank; 2 invalid values made missing" "lenient"

# the committed samples
expect_rc "validate 2024" 0 $CANYU validate -q samples/boli-2024.csv
has "$T/out" "1200 records read, 1200 loaded, 0 rejected" "validate 2024"
expect_rc "validate platform" 1 $CANYU validate -c samples/platform-codebook.csv samples/platform-export.csv
for l in 305 306 307 308; do has "$T/out" "samples/platform-export.csv:$l: " "platform line $l"; done
has "$T/out" "304 records read, 300 loaded, 4 rejected" "validate platform"
expect_rc "pooled" 0 $CANYU validate -q samples/boli-2023.csv samples/boli-2024.csv
has "$T/out" "2400 records read, 2400 loaded" "pooled"

# the same survey in GB18030 loads to the same JSON input counts
iconv -f UTF-8 -t GB18030 samples/boli-2024.csv >"$T/gb.csv"
expect_rc "report gb" 0 $CANYU report -f json "$T/gb.csv"
has "$T/out" '"encoding": "gb18030"' "report gb"
has "$T/out" '"rows_loaded": 1200' "report gb"

# report --strict fails on rejected records; JSON lists every excluded record
expect_rc "strict" 1 $CANYU report --strict -c samples/platform-codebook.csv samples/platform-export.csv
has "$T/err" "canyu: 4 records rejected and --strict given" "strict"
expect_rc "report json" 0 $CANYU report -f json -c samples/platform-codebook.csv samples/platform-export.csv
has "$T/out" '"rows_excluded": 4' "report json"
has "$T/out" '"reason": "duplicate_id"' "report json"

# errors: FILE:LINE messages and exit codes
expect_rc "bad codebook" 1 $CANYU validate -c tests/data/bad-codebook.csv samples/boli-2024.csv
has "$T/err" 'canyu: tests/data/bad-codebook.csv:3: column "age": min 90 is greater than max 18' "bad codebook"
expect_rc "absent column" 1 $CANYU validate -c tests/data/small-codebook.csv samples/boli-2024.csv
has "$T/err" 'canyu: samples/boli-2024.csv:1: the codebook'"'"'s column "编号"' "absent column"
expect_rc "no file" 1 $CANYU validate "$T/none.csv"
has "$T/err" "canyu: $T/none.csv: cannot open" "no file"
expect_rc "directory" 1 $CANYU validate "$T"
expect_rc "bad option" 2 $CANYU validate --bogus samples/boli-2024.csv
expect_rc "no input" 2 $CANYU report
expect_rc "bad bands" 2 $CANYU report --age-bands 30-20 samples/boli-2024.csv
has "$T/err" "ends before it starts" "bad bands"
expect_rc "bad encoding" 2 $CANYU report --encoding latin1 samples/boli-2024.csv
expect_rc "bad factors" 2 $CANYU report --factors 0 samples/boli-2024.csv
has "$T/err" "--factors must be a number from 1 to 1000, not '0'" "bad factors"
expect_rc "factors" 0 $CANYU report -f json --factors 3 samples/boli-2024.csv
has "$T/out" '"factors": 3' "factors"
expect_rc "unknown command" 2 $CANYU frobnicate
expect_rc "forced utf-8" 1 $CANYU validate --encoding utf-8 -c samples/platform-codebook.csv samples/platform-export.csv
has "$T/err" "canyu: samples/platform-export.csv:1: invalid UTF-8" "forced utf-8"

# output: atomic, and a full disk is an error, not a truncated file
expect_rc "dev full" 1 $CANYU report -f json -o /dev/full samples/boli-2024.csv
expect_rc "dev full codebook" 1 $CANYU codebook -o /dev/full
expect_rc "unwritable" 1 $CANYU report -f json -o "$T/no/such/dir/r.json" samples/boli-2024.csv

# codebook prints the built-in questionnaire
expect_rc "codebook" 0 $CANYU codebook
if cmp -s "$T/out" samples/codebook.csv; then ok; else bad "codebook differs from samples/codebook.csv"; fi

# sample: the same seed gives the same bytes; the committed samples are reproducible
expect_rc "sample" 0 $CANYU sample --year 2024 --seed 2024 --respondents 1200 -o "$T/a.csv"
if cmp -s "$T/a.csv" samples/boli-2024.csv; then ok; else bad "sample does not reproduce samples/boli-2024.csv"; fi
expect_rc "sample bad" 2 $CANYU sample --respondents -5

# the report on the 2024 sample, as tests/golden/update.sh made it
for spec in "zh.txt:--lang zh" "en.txt:--lang en" "en-ascii.txt:--lang en --ascii" \
            "zh-ambiwidth2.txt:--lang zh --ambiwidth 2" "zh.md:--lang zh -f markdown" \
            "en.csv:--lang en -f csv" "zh.html:--lang zh -f html" "en.html:--lang en -f html"; do
    file=${spec%%:*} opts=${spec#*:}
    # shellcheck disable=SC2086
    LC_ALL=C.UTF-8 $CANYU report $opts --width 100 samples/boli-2024.csv >"$T/golden" 2>"$T/err"
    if cmp -s "$T/golden" "tests/golden/$file"; then ok; else
        bad "report $opts differs from tests/golden/$file"; diff "tests/golden/$file" "$T/golden" | head -10
    fi
done
# -o picks the format from the file's extension when -f is not given
LC_ALL=C.UTF-8 $CANYU report --lang en -o "$T/r.HTML" samples/boli-2024.csv
if cmp -s "$T/r.HTML" tests/golden/en.html; then ok; else bad "-o r.HTML is not tests/golden/en.html"; fi
$CANYU report --lang en -o "$T/r.md" samples/boli-2024.csv
if head -1 "$T/r.md" | grep -q '^# '; then ok; else bad "-o r.md is not Markdown"; fi
$CANYU report --lang en -o "$T/r.json" samples/boli-2024.csv
if head -c 1 "$T/r.json" | grep -q '{'; then ok; else bad "-o r.json is not JSON"; fi
$CANYU report --lang en -o "$T/r.csv" samples/boli-2024.csv
if head -1 "$T/r.csv" | grep -q 'section,table,group,row,column,value$'; then ok; else bad "-o r.csv is not CSV"; fi
# the CSV holds the tests, unrounded, named by their JSON keys
for row in 'participation,test_age_group,,,chi_square,150.90567707455213' \
           'participation,test_age_group,,,p_value,8.565062662059372e-31' \
           'participation,test_age_group,,,cramers_v,0.3561060141867303' \
           'participation,test_age_group.linear_by_linear,,,statistic,134.18235310372413' \
           'satisfaction,scales.test_community,,services,kruskal_wallis,66.67454289986091' \
           'association,logistic,,,n,779'; do
    has "$T/r.csv" "$row" "report csv"
done
if grep -q '<0.001' "$T/r.csv"; then bad "report csv: a p-value as <0.001"; else ok; fi
$CANYU report --lang en -f text -o "$T/t.html" samples/boli-2024.csv
if grep -q '<!DOCTYPE' "$T/t.html" || ! grep -q '^====' "$T/t.html"; then bad "-f text -o t.html is not text"; else ok; fi
$CANYU compare --lang zh -o "$T/c.htm" samples/boli-2023.csv samples/boli-2024.csv
if grep -q '<!DOCTYPE html>' "$T/c.htm" && ! grep -q 'http:' "$T/c.htm"; then ok; else bad "compare -o c.htm"; fi
# the HTML reports are self-contained
if grep -qE 'http:|https:|<script|src=' tests/golden/*.html; then bad "an HTML golden file fetches something"; else ok; fi

# --ascii and --ambiwidth 2 draw borders, bars and marks with ASCII: no box
# drawing or block element (U+2500-U+259F, UTF-8 lead bytes E2 94-96) appears.
# (Labels keep their Chinese, so the files are not pure ASCII.)
boxes="$(printf '\342\224')\\|$(printf '\342\225')\\|$(printf '\342\226')"
for f in en-ascii.txt zh-ambiwidth2.txt; do
    if LC_ALL=C grep -q "$boxes" "tests/golden/$f"; then bad "$f holds box or block characters"; else ok; fi
done
if LC_ALL=C grep -q "$boxes" tests/golden/zh.txt; then ok; else bad "zh.txt should draw boxes (the check above would pass vacuously)"; fi
# the report never prints nan, inf or -0.0
if grep -qiE '(^|[^a-z])(nan|inf)([^a-z]|$)|-0\.0+([^0-9]|$)' tests/golden/*.txt; then bad "nan/inf/-0.0 in a report"; else ok; fi

# make install honours PREFIX and DESTDIR
if make -s install BUILD="$BUILD" PREFIX=/opt/canyu DESTDIR="$T/root" >/dev/null 2>&1 &&
    [ -x "$T/root/opt/canyu/bin/canyu" ] && [ -f "$T/root/opt/canyu/share/man/man1/canyu.1" ]; then
    ok
else
    bad "make install PREFIX DESTDIR"
fi

# a file of 8 MiB or more: two halves give the one-thread JSON; a progress
# bar when standard error is a terminal (script(1) gives it one), cleared at
# the end; none with -q or when standard error is not a terminal
$CANYU sample -n 110000 -o "$T/big.csv"
expect_rc "big, two halves" 0 $CANYU report -q -f json -o "$T/two.json" "$T/big.csv"
expect_rc "big, one thread" 0 $CANYU report -q -f json --threads 1 -o "$T/one.json" "$T/big.csv"
if cmp -s "$T/one.json" "$T/two.json"; then ok; else bad "two halves: JSON differs from one thread"; fi
expect_rc "bad --threads" 2 $CANYU report --threads 3 "$T/big.csv"
has "$T/err" "--threads must be 1 or 2" "bad --threads"
if command -v script >/dev/null 2>&1; then
    LC_ALL=C.UTF-8 script -qec "$CANYU validate $T/big.csv >/dev/null" /dev/null >"$T/tty" 2>&1
    has "$T/tty" "100%" "progress bar"
    has "$T/tty" "$(printf '\033[K')" "progress bar cleared"
    LC_ALL=C.UTF-8 script -qec "$CANYU validate -q $T/big.csv >/dev/null" /dev/null >"$T/tty" 2>&1
    if grep -q "%" "$T/tty"; then bad "progress bar with -q"; else ok; fi
fi
expect_rc "no bar off a terminal" 0 $CANYU validate "$T/big.csv"
if grep -q "%" "$T/err"; then bad "progress bar when standard error is a file"; else ok; fi

# help and version
expect_rc "help" 0 $CANYU --help
has "$T/out" "validate" "help"
expect_rc "report help" 0 $CANYU report --help
has "$T/out" "--age-bands" "report help"

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
