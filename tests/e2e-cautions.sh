#!/bin/sh
# End-to-end tests of the cautions in the text, zh and en: a chi-square
# with cells of expected count below 5 (the participation × age group test,
# a question's crosstab), a scale item that does not vary, a negative alpha,
# small groups behind a finding — said where the figure is, and not said for
# the Boli sample, which needs none.
# Usage: tests/e2e-cautions.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
S=samples/boli-2024.csv

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# has NAME FILE STRING: FILE contains the fixed STRING (report lines joined,
# so that a sentence wrapped over lines is found)
has() {
    if tr '\n' ' ' <"$2" | sed 's/  */ /g' | grep -qF -- "$3"; then ok; else bad "$1: lacks \"$3\""; fi
}
# has_zh NAME FILE STRING: the same, spaces ignored (Chinese wraps anywhere)
has_zh() {
    want=$(printf '%s' "$3" | tr -d ' ')
    if tr -d ' \n' <"$2" | grep -qF -- "$want"; then ok; else bad "$1: lacks \"$3\""; fi
}
hasnt() {
    if grep -qF -- "$3" "$2"; then bad "$1: has \"$3\""; else ok; fi
}
report() { # report OUT ARGS...: canyu report --width 100 ARGS into OUT, exit 0
    out=$1
    shift
    if "$CANYU" report --width 100 "$@" >"$out" 2>"$T/err"; then ok; else bad "report $*: exit $?"; fi
}

# The Boli sample: no caution at all.
report "$T/en.txt" --lang en $S
report "$T/zh.txt" --lang zh $S
hasnt "boli en" "$T/en.txt" "Caution"
hasnt "boli zh" "$T/zh.txt" "注意："

# 120 respondents: small age groups and communities, cells below 5.
head -n 121 $S >"$T/small.csv"
report "$T/small-en.txt" --lang en "$T/small.csv"
report "$T/small-zh.txt" --lang zh "$T/small.csv"
has "small en" "$T/small-en.txt" "whole. Caution: 2 cells (16.7%) have an expected count below 5 (the smallest is 2.97), so the chi-square's p-value may be inaccurate."
has "small en" "$T/small-en.txt" "Cramér's V = 0.463. Caution: 2 cells (16.7%) have an expected count below 5"
has "small en" "$T/small-en.txt" "Caution: small groups (fewer than 30 respondents) behind this: 30-39 (n = 10)."
has "small en" "$T/small-en.txt" "Caution: small groups (fewer than 30 respondents) behind this: Chang'an (n = 8), Nancheng (n = 5)"
has_zh "small zh" "$T/small-zh.txt" "注意：2个单元格（16.7%）的期望频数小于5（最小为2.97），卡方检验的p值可能不准确。"
has_zh "small zh" "$T/small-zh.txt" "注意：30-39组（n = 10）人数不足30人，结论需谨慎看待。"
has_zh "small zh" "$T/small-zh.txt" "注意：长安社区（n = 8）、南城社区（n = 5）"

# trust_help (the 23rd column) answered 3 by everyone: a zero-variance item.
awk -F, -v OFS=, 'NR == 1 || q { print; if (gsub(/"/, "&") % 2) q = !q; next }
    { $23 = 3; print; if (gsub(/"/, "&") % 2) q = !q }' $S >"$T/constant.csv"
report "$T/const-en.txt" --lang en "$T/constant.csv"
report "$T/const-zh.txt" --lang zh "$T/constant.csv"
has "constant en" "$T/const-en.txt" "Caution: all 1122 respondents who answered every item of “Interpersonal trust” gave “Neighbours help when in difficulty” the same answer"
has_zh "constant zh" "$T/const-zh.txt" "注意：回答了“人际信任”全部题项的1122名受访者对“遇到困难时邻居会帮忙”的回答完全相同"

# A questionnaire of its own: each crosstab with small cells, and a negative alpha.
report "$T/any-en.txt" --lang en -c tests/data/any-codebook.csv tests/data/any-data.csv
report "$T/any-zh.txt" --lang zh -c tests/data/any-codebook.csv tests/data/any-data.csv
has "any en" "$T/any-en.txt" "Cramér's V = 0.195. Caution: 28 cells (93.3%) have an expected count below 5 (the smallest is 0.94)"
has_zh "any zh" "$T/any-zh.txt" "Cramér's V = 0.195。注意：28个单元格（93.3%）的期望频数小于5（最小为0.94）"
has "any en" "$T/any-en.txt" "Caution: the alpha of “Neighbourhood ties” is -0.091, below 0"
has_zh "any zh" "$T/any-zh.txt" "注意：“邻里关系”的Cronbach's α为-0.091，低于0"

echo "e2e-cautions: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
