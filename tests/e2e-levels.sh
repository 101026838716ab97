#!/bin/sh
# End-to-end tests of items with many levels: a Likert item of 40 or 101
# levels (one of them reverse-worded) and a numeric question with hundreds of
# distinct answers are reported in every format, never drawn level by level:
# the Likert chart groups the levels into bins labelled with their ranges and
# says so, the numeric question is summarised.  (Once, every format but JSON
# failed with "out of memory" beyond 35 levels.)
# Usage: tests/e2e-levels.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
show() { sed 's/^/  | /' "$1" | head -n 5 | cut -c1-300; }
has() { # has NAME FILE STRING: FILE contains the fixed STRING
    if grep -qF -- "$3" "$2"; then ok; else bad "$1: lacks \"$3\""; fi
}
hasnt() {
    if grep -qF -- "$3" "$2"; then bad "$1: has \"$3\""; else ok; fi
}

cat >"$T/cb.csv" <<'EOF'
column,role,label_zh,label_en,scale,min,max,reverse,missing,values
id,id,编号,ID,,,,,,
age,age,年龄,Age,,16,100,,,
conf,likert,信心程度,Confidence,hundred,0,100,,,
sure,likert,把握程度,Certainty,hundred,0,100,,,
r40,likert,四十级评分,Forty-level rating,forty,1,40,,,
r40rev,likert,四十级反向评分,Forty-level reversed rating,forty,1,40,1,,
income,numeric,月收入,Monthly income,,0,100000,,,
EOF
# 300 respondents, deterministic: every level of 0..100 and of 1..40 occurs;
# r40rev is answered 40 by the first 30 respondents only.
awk 'BEGIN {
    print "id,age,conf,sure,r40,r40rev,income"
    for (i = 1; i <= 300; i++) {
        c = (i * 37) % 101; s = (c + (i % 21) - 10); s = s < 0 ? 0 : s > 100 ? 100 : s
        r = (i * 13) % 40 + 1; v = i <= 30 ? 40 : (i * 7) % 39 + 1
        printf "%d,%d,%d,%d,%d,%d,%d\n", i, 18 + (i * 11) % 60, c, s, r, v, 1000 + i * 97
    }
}' >"$T/data.csv"

for lang in en zh; do
    for f in text markdown csv html xlsx json; do
        name="$lang $f"
        "$CANYU" report --lang $lang -c "$T/cb.csv" -f $f -o "$T/out.$f" "$T/data.csv" 2>"$T/err"
        rc=$?
        if [ $rc -eq 0 ]; then ok; else bad "$name: exit $rc"; show "$T/err"; fi
        if [ -s "$T/err" ]; then bad "$name: standard error"; show "$T/err"; else ok; fi
        if [ -s "$T/out.$f" ]; then ok; else bad "$name: empty output"; fi
    done
    # Bins labelled with their ranges, in the text, Markdown and HTML charts.
    for f in text markdown html; do
        has "$lang $f" "$T/out.$f" "0–19"
        has "$lang $f" "$T/out.$f" "81–100"
        has "$lang $f" "$T/out.$f" "35–40"
    done
done
# The sentence that says the chart is binned (the last run was zh).
"$CANYU" report --lang en -c "$T/cb.csv" "$T/data.csv" >"$T/en.txt" 2>"$T/err"
has "en text" "$T/en.txt" "These items have 101 levels (0 to 100), too many to draw one by"
has "en text" "$T/en.txt" "These items have 40 levels (1 to 40), too many to draw one by"
has "zh text" "$T/out.text" "这些题项有101个等级（0至100）"
has "zh text" "$T/out.text" "这些题项有40个等级（1至40）"
# ASCII bins; six bins of 40 levels, five of 101.
"$CANYU" report --lang en --ascii -c "$T/cb.csv" "$T/data.csv" >"$T/ascii.txt" 2>"$T/err"
has "ascii" "$T/ascii.txt" "11 0-19  22 20-39  .. 40-60  44 61-80  55 81-100"
has "ascii" "$T/ascii.txt" "11 1-6  22 7-13  33 14-20  44 21-27  55 28-34  66 35-40"
# The reversed item's figures are of the raw answers: the first 30 answered
# 40 (recoded, they would be counted at 1).
"$CANYU" report -f json -c "$T/cb.csv" "$T/data.csv" >"$T/out.json" 2>"$T/err"
has "json" "$T/out.json" '"reverse": true'
has "csv" "$T/out.csv" 'likert,items,,r40rev,reverse,true'
has "csv" "$T/out.csv" 'likert,items,r40rev,40,distribution,30'
# The numeric question: summarised (a table of descriptives), not drawn.
has "en text" "$T/en.txt" "Monthly income: descriptive statistics"
lines=$(wc -l <"$T/en.txt")
if [ "$lines" -lt 400 ]; then ok; else bad "en text: $lines lines: something is drawn level by level"; fi

echo "e2e-levels: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
