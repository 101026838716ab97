#!/bin/sh
# End-to-end tests of the age asked another way: as brackets (the codebook's
# age lists values, which are then the age groups) and as a birth year (the
# age is the survey year, from a year column or --year, minus it); and the
# draft codebook's guesses of both.
# Usage: tests/e2e-age.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect NAME STATUS STDERR-LINE COMMAND...: the exit status and the first line of stderr
expect() {
    name=$1 want=$2 msg=$3
    shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" -eq "$want" ] && ok || bad "$name: exit $got, want $want ($(head -n 2 "$T/err"))"
    [ "$(head -n 1 "$T/err")" = "$msg" ] && ok || bad "$name: stderr is: $(cat "$T/err"), want: $msg"
    [ -s "$T/out" ] && bad "$name: wrote to standard output" || ok
}

# the "age_bands" of the JSON report FILE, on one line without spaces
bands() { tr -d ' \n' <"$1" | grep -o '"age_bands":\[[^]]*\]'; }

D=tests/data/brackets-data.csv
B=tests/data/brackets-codebook.csv
Y=tests/data/brackets-birth-codebook.csv

# ## Brackets
$CANYU report -q -c $B --lang zh -f json $D >"$T/r.json" 2>"$T/err" && ok || bad "bracket report failed: $(cat "$T/err")"
bands "$T/r.json" | grep -qxF '"age_bands":["18-29岁","30-39岁","40-49岁","50-59岁","60岁及以上"]' &&
    ok || bad "bracket age_bands: $(bands "$T/r.json")"
$CANYU report -q -c $B --lang en -f json $D >"$T/r.json" 2>"$T/err" && ok || bad "bracket report (en) failed"
bands "$T/r.json" | grep -qxF '"age_bands":["18-29","30-39","40-49","50-59","60+"]' &&
    ok || bad "bracket age_bands (en): $(bands "$T/r.json")"
$CANYU report -q -c $B --lang zh $D >"$T/r.txt" 2>"$T/err" && ok || bad "bracket text report failed"
grep -qF '60岁及以上' "$T/r.txt" && ok || bad "the text report does not show the brackets"
for cmd in report validate compare; do
    files=$D
    [ $cmd = compare ] && files="$D $D"
    expect "$cmd --age-bands with brackets" 2 \
        "canyu: $cmd: --age-bands does not apply: the codebook's age column \"年龄\" ($B:3) lists brackets, and they are the age groups (leave out --age-bands, or give the age in years without values)" \
        $CANYU $cmd -c $B --age-bands 18-34,35- $files
done
expect "a malformed --age-bands" 2 \
    "canyu: report: --age-bands: age band \"x\" is not LOW-HIGH or LOW- with ages from 0 to 150 (e.g. 18-34 or 60-)" \
    $CANYU report -c $B --age-bands x $D

# ## Birth years
expect "birth_year without a survey year" 1 \
    "canyu: $Y:4: birth_year needs the survey year: add a year column or give --year" \
    $CANYU report -c $Y $D
expect "validate: birth_year without a survey year" 1 \
    "canyu: $Y:4: birth_year needs the survey year: add a year column or give --year" \
    $CANYU validate -c $Y $D
expect "a bad --year" 2 "canyu: report: --year must be a year from 1 to 9999, not '24x'" \
    $CANYU report -c $Y --year 24x $D
$CANYU validate -c $Y --year 2024 $D >"$T/v" 2>&1 && ok || bad "birth years with --year: $(tail -n 2 "$T/v")"
$CANYU report -q -c $Y --year 2024 -f json $D >"$T/r.json" 2>"$T/err" && ok || bad "birth-year report failed"
bands "$T/r.json" | grep -qxF '"age_bands":["18-29","30-39","40-49","50-59","60-69","70+"]' &&
    ok || bad "birth-year age_bands: $(bands "$T/r.json")"
# a birth year after the survey year is out of range (with its file, line and column)
$CANYU validate -c $Y --year 1990 $D >"$T/v" 2>&1
[ $? -eq 1 ] && ok || bad "born after the survey year should reject records"
grep -qE '^tests/data/brackets-data.csv:[0-9]+: column "出生年份": value "[0-9]+": born in [0-9]+, after the survey year 1990$' "$T/v" &&
    ok || bad "born after the survey year: $(head -n 3 "$T/v")"
$CANYU validate -q -c $Y --year 1990 --lenient $D >"$T/v" 2>&1 && ok || bad "--lenient: $(tail -n 1 "$T/v")"
# the age and a birth year at once: one codebook error naming both lines
{ cat $B; echo '生年,birth_year,,,,,,,,'; } >"$T/both.csv"
expect "age and birth_year" 1 \
    "canyu: $T/both.csv:14: column \"生年\": role \"birth_year\" and role \"age\" of \"年龄\" on line 3 both give the age: keep one of them" \
    $CANYU report -c "$T/both.csv" $D

# ## Drafts
printf '序号,年龄,性别\n1,18-29岁,男\n2,60岁以上,女\n3,30至39周岁,男\n4,40-59岁,女\n5,说不清,男\n6,2.30至39周岁,女\n' >"$T/br.csv"
$CANYU codebook "$T/br.csv" >"$T/cb.csv" 2>"$T/err" && ok || bad "draft of brackets failed: $(cat "$T/err")"
grep -qF '年龄,age,年龄,,,,,,说不清,1=18-29岁;2=30至39周岁;3=40-59岁;4=60岁以上,' "$T/cb.csv" &&
    ok || bad "draft brackets: $(grep 年龄 "$T/cb.csv")"
$CANYU report -q -c "$T/cb.csv" --lang zh -f json "$T/br.csv" >"$T/r.json" 2>"$T/err" && ok || bad "report through the bracket draft: $(cat "$T/err")"
bands "$T/r.json" | grep -qxF '"age_bands":["18-29岁","30至39周岁","40-59岁","60岁以上"]' && ok || bad "draft age_bands: $(bands "$T/r.json")"
printf 'id,出生年份,性别\n1,1990,男\n2,1950,女\n' >"$T/by.csv"
$CANYU codebook "$T/by.csv" >"$T/cb.csv" 2>"$T/err" && ok || bad "draft of birth years failed"
grep -qF '出生年份,birth_year,出生年份,,,1950,1990,,,,' "$T/cb.csv" && ok || bad "draft birth_year: $(grep 出生 "$T/cb.csv")"
$CANYU report -q -c "$T/cb.csv" --year 2024 -f json "$T/by.csv" >/dev/null 2>"$T/err" && ok || bad "report through the birth-year draft: $(cat "$T/err")"

# an SPSS file whose value labels are brackets: no -c, the draft's brackets are the groups
S=tests/data/sav/brackets.sav
$CANYU codebook $S >"$T/cb.csv" 2>"$T/err" && ok || bad "draft of $S failed: $(cat "$T/err")"
grep -qF 'age,age,您的年龄段,,,,,,9,1=18-29岁;2=30-39岁;3=40-49岁;4=50-59岁;5=60岁及以上,' "$T/cb.csv" &&
    ok || bad "SPSS brackets: $(grep ^age "$T/cb.csv")"
$CANYU report -q --lang zh -f json $S >"$T/r.json" 2>"$T/err" && ok || bad "report of $S failed: $(cat "$T/err")"
bands "$T/r.json" | grep -qxF '"age_bands":["18-29岁","30-39岁","40-49岁","50-59岁","60岁及以上"]' &&
    ok || bad "SPSS age_bands: $(bands "$T/r.json")"

echo "e2e-age: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
