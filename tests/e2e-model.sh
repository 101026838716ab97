#!/bin/sh
# End-to-end tests of the logistic model's options: --model, its usage errors
# (exit 2, naming the nearest valid term), and the finding and table note in
# the report.  Usage: tests/e2e-model.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
DATA=tests/data/model-data.csv
CB=tests/data/model-codebook.csv

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
hasnt() {
    if grep -qF -- "$2" "$1"; then bad "$3: has \"$2\""; else ok; fi
}

# An unknown term: exit 2, nothing on standard output, the nearest term named.
expect_rc "unknown term" 2 $CANYU report -q -c $CB --model 文化成度 $DATA
has "$T/err" 'canyu: report: --model 文化成度: the codebook has no column, scale or role of that name (did you mean "文化程度"?)' "unknown term"
[ -s "$T/out" ] && bad "unknown term: wrote output" || ok
expect_rc "unknown in a list" 2 $CANYU report -q -c $CB --model 月收入,neighbourhod $DATA
has "$T/err" '--model neighbourhod: the codebook has no column, scale or role of that name (did you mean "neighbourhood"?)' "unknown in a list"
expect_rc "no age column" 2 $CANYU report -q -c $CB --model age_group $DATA
has "$T/err" "canyu: report: --model age_group: the codebook has no age column" "no age column"
expect_rc "an item" 2 $CANYU report -q -c $CB --model 邻里1 $DATA
has "$T/err" "a Likert item is no term of the model; name its scale instead (--model neighbourhood)" "an item"
expect_rc "the outcome" 2 $CANYU report -q -c $CB --model 参加议事会 $DATA
has "$T/err" "--model 参加议事会: its role is participation" "the outcome"
expect_rc "empty" 2 $CANYU report -q -c $CB --model , $DATA
has "$T/err" "canyu: report: --model names no term" "empty"
expect_rc "boli unknown" 2 $CANYU report -q --model servics samples/boli-2024.csv
has "$T/err" '(did you mean "services"?)' "boli unknown"

# Terms by column, role and scale names, repeatable, in JSON.
expect_rc "model json" 0 $CANYU report -q -c $CB -f json --model 文化程度,月收入 --model neighbourhood $DATA
has "$T/out" '"term": "文化程度=初中"' "model json"
has "$T/out" '"term": "月收入"' "model json"
has "$T/out" '"文化程度": "小学及以下"' "model json reference"
hasnt "$T/out" '"term": "gender=女"' "model json"

# Without an age column the default model is fitted on the other terms.
expect_rc "no age default" 0 $CANYU report -q -c $CB -f json $DATA
has "$T/out" '"n": 184' "no age default"
has "$T/out" '"term": "gender=女"' "no age default"
has "$T/out" '"gender": "男"' "no age default reference"

# The finding names the reference group; the table's note lists them.
expect_rc "boli zh" 0 $CANYU report -q --lang zh samples/boli-2024.csv
has "$T/out" "logistic回归显示：与18-29年龄组的居民相比，70+年龄组的居民参与的优势是其8.37倍" "boli zh finding"
has "$T/out" "参照组：年龄组为“18-29”；性别为“男”；党员为“否”。" "boli zh note"
expect_rc "boli en" 0 $CANYU report -q --lang en --width 200 samples/boli-2024.csv
has "$T/out" "Logistic regression: compared with residents aged 18-29, those aged 70+ have 8.37 times the odds of taking part" "boli en finding"
has "$T/out" "Reference groups: 18-29 (age group); Male (Gender); No (Party member)." "boli en note"
expect_rc "per point" 0 $CANYU report -q -c $CB --lang en --width 200 --model neighbourhood $DATA
has "$T/out" "Logistic regression: each index point more on “Neighbourhood ties” (0–100) multiplies the odds of taking part by" "per point"
# A term with one answer among the complete cases is left out, and said so.
awk -F, 'BEGIN { OFS = "," } NR > 1 && $2 != "" { $2 = "男" } { print }' $DATA >"$T/one-gender.csv"
expect_rc "dropped" 0 $CANYU report -q -c $CB --lang en --width 300 "$T/one-gender.csv"
has "$T/out" "Left out of the model, since it cannot be estimated: Gender (one answer only among the complete cases)." "dropped note"
expect_rc "dropped json" 0 $CANYU report -q -c $CB -f json "$T/one-gender.csv"
has "$T/out" '"reason": "one_level"' "dropped json"

# --model is report's: compare and validate refuse it, one line, exit 2,
# nothing on standard output (even for a term that exists).
expect_rc "compare --model" 2 $CANYU compare -q -c $CB --model 月收入 $DATA $DATA
has "$T/err" "canyu: compare: --model does not apply: waves are compared without a logistic model; give --model to 'canyu report'" "compare --model"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok || bad "compare --model: more than one line on stderr"
[ -s "$T/out" ] && bad "compare --model: wrote output" || ok
expect_rc "validate --model" 2 $CANYU validate -c $CB --model=月收入 $DATA
has "$T/err" "canyu: validate: --model does not apply: validate checks the data, not a model; give --model to 'canyu report'" "validate --model"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok || bad "validate --model: more than one line on stderr"
[ -s "$T/out" ] && bad "validate --model: wrote output" || ok
# --by likewise: compare groups waves by age, validate compares nothing.
expect_rc "compare --by" 2 $CANYU compare -q -c $CB --by 住房 $DATA $DATA
has "$T/err" "canyu: compare: --by does not apply: waves are compared by age group; give --by to 'canyu report' on each wave" "compare --by"
[ -s "$T/out" ] && bad "compare --by: wrote output" || ok
expect_rc "validate --by" 2 $CANYU validate -q -c $CB --by 住房 $DATA
has "$T/err" "canyu: validate: --by does not apply: validate checks the data, not a comparison; give --by to 'canyu report'" "validate --by"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok || bad "validate --by: more than one line on stderr"
# and without them, both run
expect_rc "validate" 0 $CANYU validate -q -c $CB $DATA

echo "e2e-model: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
