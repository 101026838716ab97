#!/bin/sh
# End-to-end test of the shipped Excel and SPSS samples: samples/boli-2024.xlsx
# (written by LibreOffice Calc) and samples/boli-2024.sav (written by R's haven)
# hold samples/boli-2024.csv, so `canyu report -f json` of each must give the
# CSV's JSON byte for byte, every figure alike, but for what names the input:
# the file's name, its format, its sheet and its encoding.  The .sav is read
# with the sample codebook (-c samples/codebook.csv), as the CSV is by default;
# without -c it is read through the codebook drafted from its own labels, which
# must load every record too.  Usage: tests/e2e-inputs.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# json NAME FILE ARGS...: canyu report -f json ARGS FILE into $T/NAME.json,
# with what names the input made the same for every format.
json() {
    name=$1 file=$2
    shift 2
    if ! "$CANYU" report -f json "$@" "$file" >"$T/$name.raw" 2>"$T/$name.err"; then
        bad "$name: canyu report -f json $* $file failed"
        sed 's/^/  | /' "$T/$name.err" | head -5
        return
    fi
    ok
    sed -e "s#\"$file\"#\"FILE\"#" -e 's/"format": "[a-z]*"/"format": "F"/' \
        -e 's/"sheet": .*[^,]\(,*\)$/"sheet": "S"\1/' -e 's/"encoding": "[^"]*"/"encoding": "E"/' \
        "$T/$name.raw" >"$T/$name.json"
}

# same NAME: $T/NAME.json equals $T/csv.json
same() {
    if cmp -s "$T/csv.json" "$T/$1.json"; then
        ok
    else
        bad "$1: the JSON differs from the CSV's"
        diff "$T/csv.json" "$T/$1.json" | head -10 | sed 's/^/  | /'
    fi
}

# has FILE TEXT NAME
has() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: missing \"$2\""; sed 's/^/  | /' "$1" | head -5; fi
}

json csv samples/boli-2024.csv
json xlsx samples/boli-2024.xlsx
json sav samples/boli-2024.sav -c samples/codebook.csv
same xlsx
same sav
# the formats are what they say, and the JSON is not empty
has "$T/xlsx.raw" '"format": "xlsx"' "xlsx format"
has "$T/xlsx.raw" '"sheet": "boli-2024"' "xlsx sheet"
has "$T/sav.raw" '"format": "sav"' "sav format"
has "$T/csv.json" '"rows_loaded": 1200' "csv rows"
# the normalising touched only what names the input
n=$(diff "$T/csv.raw" "$T/xlsx.raw" | grep -c '^<')
[ "$n" -le 4 ] && ok || bad "xlsx: $n lines differ before normalising (want at most 4)"

# the .sav alone: its own labels, every record loaded, a note on stderr
json savdraft samples/boli-2024.sav
has "$T/savdraft.raw" '"rows_loaded": 1200' "sav without -c"
has "$T/savdraft.err" "no -c given" "sav without -c: the note"

# validate agrees on the counts
for f in samples/boli-2024.xlsx samples/boli-2024.sav; do
    "$CANYU" validate -q -c samples/codebook.csv "$f" >"$T/v.out" 2>&1
    has "$T/v.out" "1200 records read, 1200 loaded, 0 rejected" "validate $f"
done

# the samples stay small enough to ship
for f in samples/boli-2024.xlsx samples/boli-2024.sav; do
    size=$(wc -c <"$f")
    [ "$size" -lt 307200 ] && ok || bad "$f: $size bytes, more than 300 KiB"
done

echo "e2e-inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
