#!/bin/sh
# End-to-end tests of the codebook rules: a codebook with mistakes makes
# `canyu validate -c CODEBOOK samples/boli-2024.csv` exit 1 (a data or file
# error) and print every problem at once, one "canyu: FILE:LINE: message"
# line each, exactly; a codebook the rules accept loads the sample.  The
# codebooks are written here, into a temporary directory.
# Usage: tests/e2e-codebook.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
S=samples/boli-2024.csv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
# The built-in codebook without its English value labels, for the rewrites below.
sed 's/|[^;]*//g' samples/codebook.csv >"$T/plain.csv"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
show() { sed 's/^/  | /' "$1" | head -n 25 | cut -c1-400; }

H='column,role,label_zh,label_en,scale,min,max,reverse,missing,values'
ROLES='id, year, subdistrict, community, gender, age, party_member, participation, activities, barrier, satisfaction, trust, weight, duration, text, ignore, single, multi, option, numeric, likert, scale, birth_year'

# refused NAME EXPECTED: the codebook on standard input (printf escapes are
# the caller's) is refused with exit 1 and standard error is EXPECTED, where
# $CB stands for the codebook's path.
refused() {
    cb=$T/$1.csv
    cat >"$cb"
    want=$(printf '%s\n' "$2" | sed "s|\\\$CB|$cb|g")
    "$CANYU" validate -c "$cb" $S >"$T/out" 2>"$T/err" </dev/null
    got=$?
    if [ "$got" -eq 1 ]; then ok; else bad "$1: exit $got, want 1"; fi
    if [ "$(cat "$T/err")" = "$want" ]; then
        ok
    else
        bad "$1: standard error differs"
        printf '%s\n' "$want" >"$T/want"
        diff "$T/want" "$T/err" | sed 's/^/  | /' | head -n 30 | cut -c1-400
    fi
    if [ -s "$T/out" ]; then bad "$1: standard output not empty"; show "$T/out"; else ok; fi
}

# accepted NAME: the codebook on standard input loads the sample (exit 0,
# every record loaded).
accepted() {
    cb=$T/$1.csv
    cat >"$cb"
    "$CANYU" validate -q -c "$cb" $S >"$T/out" 2>"$T/err" </dev/null
    got=$?
    if [ "$got" -eq 0 ] && grep -q '^1200 records read, 1200 loaded, 0 rejected' "$T/out"; then
        ok
    else
        bad "$1: exit $got, or not every record loaded"
        show "$T/err"
        show "$T/out"
    fi
}

# ## Every problem at once

refused several "canyu: \$CB:3: column \"year\": unknown role \"yaer\" (did you mean \"year\"? roles: $ROLES)
canyu: \$CB:4: column \"id\" is already described on line 2
canyu: \$CB:5: column \"age\": min 90 is greater than max 18
canyu: \$CB:6: column \"gender\": malformed value label \"x=女\" (expected CODE=LABEL with a whole-number code)
canyu: \$CB:6: column \"gender\": code 1 is listed twice
canyu: \$CB:7: column \"community\": role \"age\" is already given to \"age\" on line 5; it may appear once
canyu: \$CB:8: column \"sat_security\": unknown role \"satisfation\" (did you mean \"satisfaction\"? roles: $ROLES)" <<EOF
$H
id,id,,,,,,,,
year,yaer,,,,,,,,
id,text,,,,,,,,
age,age,,,,90,18,,,
gender,gender,,,,,,,,1=男;x=女;1=女
community,age,,,,,,,,
sat_security,satisfation,,,,1,5,,,
EOF

# An unknown role far from every role: no suggestion, the list of roles.
refused far-role "canyu: \$CB:2: column \"id\": unknown role \"colour\" (roles: $ROLES)
canyu: \$CB:3: column \"age\": no role given (roles: $ROLES)" <<EOF
$H
id,colour,,,,,,,,
age,,,,,,,,,
EOF

# Invisible characters are shown: a no-break space after a column name, a
# zero-width space inside a role, an ideographic space inside a label.
printf '%s\nid\302\240,id,,,,,,,,\nage,a\342\200\213ge,,,,,,,,\ngender,gender,,,,,,,,1=男\343\200\200性;2=男\343\200\200性\n' "$H" |
    refused invisible "canyu: \$CB:3: column \"age\": unknown role \"a<U+200B>ge\" (did you mean \"age\"? roles: $ROLES)
canyu: \$CB:4: column \"gender\": label \"男<U+3000>性\" is listed twice"

# More than 17 problems: 17 shown, the rest counted.
{
    echo "$H"
    for i in $(seq 1 20); do echo "c$i,nope,,,,,,,,"; done
} >"$T/many.in"
want=
for i in $(seq 1 17); do
    want="${want}canyu: \$CB:$((i + 1)): column \"c$i\": unknown role \"nope\" (roles: $ROLES)
"
done
refused many "${want}canyu: \$CB: 3 more problems not shown" <"$T/many.in"

# A NUL byte stops the reading: the problems before it, then the NUL.
printf '%s\nid,idd,,,,,,,,\n\000age,age,,,,,,,,\n' "$H" |
    refused nul-after "canyu: \$CB:2: column \"id\": unknown role \"idd\" (did you mean \"id\"? roles: $ROLES)
canyu: \$CB:3: a NUL byte: this is not a text file (a spreadsheet, or UTF-16 text?); save it as CSV in UTF-8 or GB18030"

# ## The header

# Any letter case, a note column, an empty heading at the end.
sed '1s/.*/Column,ROLE,label_zh,Label_EN,scale,min,max,reverse,missing,VALUES,note,/; 2s/$/,the respondent number/' samples/codebook.csv |
    accepted headings-case-note

HEADINGS='headings: column, role, label_zh, label_en, scale, min, max, reverse, missing, values, note'
refused headings-unknown "canyu: \$CB:1: unknown codebook heading \"lable_zh\" (did you mean \"label_zh\"? $HEADINGS)
canyu: \$CB:1: unknown codebook heading \"remark\" ($HEADINGS)
canyu: \$CB:3: column \"age\": min 90 is greater than max 18" <<EOF
column,role,lable_zh,min,max,remark
id,id,编号,,,
age,age,年龄,90,18,
EOF

# ## Full-width separators

# The sample's codebook with every `;` and `=` of values and missing typed
# full-width, as a Chinese input method does: the same survey.
awk -F, -v OFS=, 'NR > 1 { gsub(/;/, "；", $9); gsub(/;/, "；", $10); gsub(/=/, "＝", $10) } 1' "$T/plain.csv" >"$T/wide.in"
if grep -q '1＝男；2＝女' "$T/wide.in" && grep -q '9；说不清' "$T/wide.in"; then ok; else bad "wide: the separators were not replaced"; fi
accepted wide <"$T/wide.in"
# A gender column coded with `；`: a cell 2 is 女, not an unknown code.
"$CANYU" report -f json -c "$T/wide.csv" $S >"$T/wide.json" 2>"$T/err"
"$CANYU" report -f json -c "$T/plain.csv" $S >"$T/narrow.json" 2>>"$T/err"
if cmp -s "$T/wide.json" "$T/narrow.json"; then ok; else bad "wide: the report differs from the built-in codebook's"; show "$T/err"; fi

# ## Labels in two languages

sed 's/^gender,\(.*\),1=男;2=女$/gender,\1,1=男|male;2=女|female/; s/^barrier,\(.*\),1=没有时间;/barrier,\1,1=没有时间|no time;/' "$T/plain.csv" >"$T/bilingual.in"
if grep -q '1=男|male;2=女|female' "$T/bilingual.in" && grep -q '1=没有时间|no time;' "$T/bilingual.in"; then ok; else bad "bilingual: the labels were not rewritten"; fi
accepted bilingual <"$T/bilingual.in"
refused bilingual-twice "canyu: \$CB:3: column \"gender\": label \"male\" is listed twice" <<EOF
$H
id,id,,,,,,,,
gender,gender,,,,,,,,1=男|male;2=女|male
EOF

# ## The file-wide missing row

# A platform's skip marker in an unanswered barrier question: rejected with
# the built-in codebook, missing with a `*` row.
sed '2s/,0,0,0,0,,3,/,0,0,0,0,(跳过),3,/' $S >"$T/skip.csv"
if grep -q '(跳过)' "$T/skip.csv"; then ok; else bad "skip: the marker was not written"; fi
"$CANYU" validate -q -c samples/codebook.csv "$T/skip.csv" >"$T/out" 2>&1
if grep -q '^1200 records read, 1199 loaded, 1 rejected' "$T/out"; then ok; else bad "skip: not rejected without the row"; show "$T/out"; fi
{ cat samples/codebook.csv; echo '*,missing,,,,,,,-2;-3;(跳过)；(空),'; } >"$T/star.in"
"$CANYU" validate -q -c "$T/star.in" "$T/skip.csv" >"$T/out" 2>&1
if grep -q '^1200 records read, 1200 loaded, 0 rejected' "$T/out"; then ok; else bad "skip: rejected with the row"; show "$T/out"; fi
accepted star <"$T/star.in"
refused star-twice "canyu: \$CB:4: the file-wide missing row (column \"*\") is already given on line 3
canyu: \$CB:5: the file-wide missing row (column \"*\") is already given on line 3
canyu: \$CB:5: the file-wide missing row (column \"*\") takes only \"missing\", not values" <<EOF
$H
id,id,,,,,,,,
*,missing,,,,,,,-2,
*,missing,,,,,,,-3,
*,missing,,,,,,,-3,1=a
EOF

# ## Yes and no in participation items

# The sample's first activity recoded as wjx might write it, 1=否;2=是 (0 -> 1,
# 1 -> 2, 9 stays missing): the same report as the built-in codebook's.
awk -F, -v OFS=, 'NR > 1 && $1 ~ /^2024-/ && NF >= 29 { if ($8 == "0") $8 = 1; else if ($8 == "1") $8 = 2 } 1' $S >"$T/yes12.csv"
sed 's/^\(act_council,.*,9,\)1=是;0=否$/\11=否;2=是/' "$T/plain.csv" >"$T/yes12-codebook.csv"
if grep -q '^act_council,.*,9,1=否;2=是$' "$T/yes12-codebook.csv" && [ "$(awk -F, '$8 == 2' "$T/yes12.csv" | wc -l)" -eq 268 ]; then ok; else bad "yes12: the inputs were not rewritten"; fi
"$CANYU" report -f json -c "$T/yes12-codebook.csv" "$T/yes12.csv" >"$T/yes12.json" 2>"$T/err"
"$CANYU" report -f json -c "$T/plain.csv" $S >"$T/yes01.json" 2>>"$T/err"
# (The file names differ, nothing else.)
sed "s|$T/yes12.csv|$S|" "$T/yes12.json" >"$T/yes12-named.json"
if cmp -s "$T/yes12-named.json" "$T/yes01.json"; then ok; else bad "yes12: the report differs from the 1/0 coding's"; diff "$T/yes12-named.json" "$T/yes01.json" | head -n 10; show "$T/err"; fi

refused yes-unknown "canyu: \$CB:3: column \"act_council\": cannot tell which answer of this participation item is yes: label it 是, 有, 参加, 参加过, 参与过 or yes, or code yes 1 and no 0
canyu: \$CB:4: column \"act_volunteer\": two answers of this participation item read as yes, 1=是 and 2=有: only one may" <<EOF
$H
id,id,,,,,,,,
act_council,participation,,,,,,,9,1=经常;2=从不
act_volunteer,participation,,,,,,,9,1=是;2=有;3=否
EOF

# The codebook in the repository's tests still gives its one problem.
"$CANYU" validate -c tests/data/bad-codebook.csv $S >/dev/null 2>"$T/err"
if [ $? -eq 1 ] && [ "$(cat "$T/err")" = 'canyu: tests/data/bad-codebook.csv:3: column "age": min 90 is greater than max 18' ]; then ok; else bad "bad-codebook"; show "$T/err"; fi

# The built-in codebook and the samples' codebooks are accepted.
accepted builtin <samples/codebook.csv

# ## Headers the data lacks: all of them at once, each with the nearest
# data header, invisible characters shown (a full-width colon where the
# export has an ASCII one; a zero-width space typed after a header).
P=samples/platform-export.csv
printf '%s\n%s\n%s\n%s\n' "$H" '序号,id,,,,,,,,' '1、您所在的街道：,subdistrict,,,,,,,,' \
    "$(printf '2、您所在的社区:\342\200\213,community,,,,,,,,')" >"$T/near.csv"
"$CANYU" validate -c "$T/near.csv" $P >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && ok || bad "missing headers: exit not 1"
printf '%s\n' "canyu: $P:1: the codebook's column \"1、您所在的街道：\" ($T/near.csv:3) is not in the data; the nearest header is \"1、您所在的街道:\" (field 6)" \
    "canyu: $P:1: the codebook's column \"2、您所在的社区:<U+200B>\" ($T/near.csv:4) is not in the data; the nearest header is \"2、您所在的社区:\" (field 7)" >"$T/want"
if cmp -s "$T/want" "$T/err"; then ok; else bad "missing headers: standard error differs"; diff "$T/want" "$T/err" | head; fi
# the built-in codebook on another questionnaire says how to get one
"$CANYU" validate $P >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && ok || bad "built-in codebook on the export: exit not 1"
grep -qF "the codebook's column \"id\" (line 2 of the built-in codebook) is not in the data" "$T/err" && ok ||
    bad "built-in: no line for id: $(head -n 2 "$T/err")"
head -n 1 "$T/err" | grep -qF "canyu codebook $P -o codebook.csv drafts one" && ok ||
    bad "built-in: no hint to draft one first: $(head -n 1 "$T/err")"

# ## An SPSS file with no -c reports through a draft of its own, and says so
"$CANYU" report -f json tests/data/sav/boli.sav >"$T/sav.json" 2>"$T/err" && ok || bad "sav without -c failed: $(cat "$T/err")"
grep -qF "tests/data/sav/boli.sav: no -c given: the codebook is drafted from the file's own variable and value labels" "$T/err" &&
    ok || bad "sav without -c: no note: $(cat "$T/err")"
grep -q '"rows_loaded": 50' "$T/sav.json" && ok || bad "sav without -c: not 50 loaded"
"$CANYU" report -q -f json tests/data/sav/boli.sav >/dev/null 2>"$T/err"
[ -s "$T/err" ] && bad "sav -q: stderr not empty: $(cat "$T/err")" || ok

# ## Any questionnaire: --by

ANYCB=tests/data/any-codebook.csv
ANY=tests/data/any-data.csv
# by_refused NAME WANT ARGS...: exit 2 and standard error WANT.
by_refused() {
    name=$1 want=$2
    shift 2
    "$CANYU" report -q -c "$ANYCB" "$@" "$ANY" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq 2 ]; then ok; else bad "$name: exit $got, want 2"; fi
    if [ "$(cat "$T/err")" = "$want" ]; then ok; else bad "$name: standard error differs"; show "$T/err"; fi
}
by_refused by-unknown "canyu: report: --by nope: the codebook has no such column" --by nope
by_refused by-numeric "canyu: report: --by 月收入: its role is numeric; only a categorical column (gender, community, subdistrict, party_member, barrier or single) can group respondents" --by 住房,月收入
"$CANYU" report -q -c "$ANYCB" -f json --by 住房 --by 性别 "$ANY" >"$T/any.json" 2>"$T/err" &&
    grep -q '"variable": "性别"' "$T/any.json" && grep -q '"questions"' "$T/any.json" && ok ||
    { bad "by: two --by columns"; show "$T/err"; }
"$CANYU" report -q -c "$ANYCB" --lang zh --by 住房 "$ANY" >"$T/any.txt" 2>"$T/err" &&
    grep -q '各题分析' "$T/any.txt" && grep -q 'Kruskal–Wallis' "$T/any.txt" && ok ||
    { bad "by: the questions section"; show "$T/err"; }
# The Boli report has no such questions: no "questions" key, no section.
"$CANYU" report -q -f json samples/boli-2024.csv >"$T/boli.json" 2>/dev/null
grep -q '"questions"' "$T/boli.json" && bad "boli: a questions key" || ok

echo "e2e-codebook: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
