#!/bin/sh
# End-to-end tests of `canyu compare`: output in every format, the trend
# chart of three waves, "not asked" questions, exit codes and error messages.
# When Rscript (with jsonlite) is installed, also: on waves R generates now,
# with a new seed, every figure of `canyu compare -f json` matches R to
# relative 1e-6 (tests/reference/compare.R --check); without R that part is
# skipped and says so.  Usage: tests/e2e-compare.sh [BUILD]
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
# lacks FILE TEXT NAME: FILE does not contain TEXT
lacks() {
    if grep -qF -- "$2" "$1"; then bad "$3: has \"$2\""; grep -F -- "$2" "$1" | head -3 | sed 's/^/  | /'; else ok; fi
}

B23=samples/boli-2023.csv B24=samples/boli-2024.csv
export LC_ALL=C.UTF-8

# two waves, text in English and Chinese
expect_rc "en" 0 $CANYU compare --lang en --width 100 $B23 $B24
for h in "Findings" "Waves compared" "Participation rate by wave" "Change in participation rate, 2023 → 2024" \
         "Scale indices by wave (0–100)" "Change in item means, 2023 → 2024" \
         "Change in top-2 shares, 2023 → 2024" "Methods" "Unweighted: every respondent counts once."; do
    has "$T/out" "$h" "en"
done
# the one significant change is marked, the rest are not
has "$T/out" "│   Digital (smart community) services │ 2.57 │ 2.66 ▲ │" "en mark"
has "$T/out" "│   Emergency management               │ 2.70 │ 2.74   │" "en no mark"
lacks "$T/out" "over the waves" "two waves: no trend chart"
# findings (unwrapped in JSON): what changed significantly and what did not
expect_rc "en findings" 0 $CANYU compare -f json --lang en $B23 $B24
has "$T/out" "rose significantly for Digital (smart community) services (+0.10, p = 0.019); the other 12 items did not change significantly." "en findings"
has "$T/out" "Participation did not change significantly from 2023 to 2024 (68.4% to 69.7%, +1.4 points, p = 0.463)." "en findings"
has "$T/out" "By age group, participation did not change significantly from 2023 to 2024 in any age group." "en findings"
expect_rc "zh" 0 $CANYU compare --lang zh --width 100 $B23 $B24
has "$T/out" "主要发现" "zh"
has "$T/out" "参与率的变化：2023 → 2024" "zh"
has "$T/out" "总体参与率从2023到2024无显著变化" "zh"
# the language follows LANG by default
LANG=zh_CN.UTF-8 LC_ALL= expect_rc "zh default" 0 $CANYU compare $B23 $B24
has "$T/out" "主要发现" "zh default"

# three waves: the trend chart, Unicode and ASCII
expect_rc "sample 2025" 0 $CANYU sample --year 2025 --seed 2025 -o "$T/boli-2025.csv"
expect_rc "three" 0 $CANYU compare --lang en --width 100 $B23 $B24 "$T/boli-2025.csv"
has "$T/out" "Participation rate by age group over the waves" "three"
has "$T/out" "Scale indices over the waves (0–100)" "three"
has "$T/out" "Change in participation rate, 2024 → 2025" "three"
# under each series one bar per wave, oldest first, with its value
awk '/^Participation rate by age group over the waves/{f=1;next} f&&/^18-29$/{getline a;getline b;getline c;print a;print b;print c;exit}' "$T/out" >"$T/trend"
if [ "$(grep -c '^  20\(23\|24\|25\)  │█*[▏▎▍▌▋▊▉]* *[0-9.]*%$' "$T/trend")" -eq 3 ]; then ok; else
    bad "three: the 18-29 series is not three bars"; sed 's/^/  | /' "$T/trend"; fi
expect_rc "three ascii" 0 $CANYU compare --lang zh --ascii --width 100 $B23 $B24 "$T/boli-2025.csv"
has "$T/out" "各年龄组参与率的变化趋势" "three ascii"
has "$T/out" "参与率的变化：2024 -> 2025" "three ascii"
if grep -q '^  2025  |#* *[0-9.]*%$' "$T/out"; then ok; else bad "three ascii: no ASCII trend bars"; fi
boxes="$(printf '\342\224')\\|$(printf '\342\225')\\|$(printf '\342\226')"
if LC_ALL=C grep -q "$boxes" "$T/out"; then bad "--ascii output holds box, block or triangle characters"; else ok; fi
expect_rc "three ambiwidth 2" 0 $CANYU compare --lang zh --ambiwidth 2 $B23 $B24 "$T/boli-2025.csv"
if LC_ALL=C grep -q "$boxes" "$T/out"; then bad "--ambiwidth 2 output holds ambiguous-width glyphs"; else ok; fi
# every line of a table block has the same display width (wc -L counts CJK as 2)
expect_rc "zh widths" 0 $CANYU compare --lang zh --width 100 $B23 $B24 "$T/boli-2025.csv"
awk '/^(│|┌|├|└)/{print; next} {print "--"}' "$T/out" | while IFS= read -r l; do
    if [ "$l" = "--" ]; then echo "--"; else printf '%s\n' "$l" | wc -L; fi
done | awk '$0=="--"{w=0;next} w&&$0!=w{bad=1} {w=$0} END{exit bad}'
if [ $? -eq 0 ]; then ok; else bad "zh: a table has lines of different widths"; fi
if [ "$(wc -L <"$T/out")" -le 100 ]; then ok; else bad "zh: a line wider than --width 100"; fi
# the report never prints nan, inf or -0.0
if grep -qiE '(^|[^a-z])(nan|inf)([^a-z]|$)|-0\.0+([^0-9]|$)' "$T/out"; then bad "nan/inf/-0.0 in compare"; else ok; fi

# questions a wave did not ask; files out of order are put in order of year
expect_rc "not asked" 0 $CANYU compare --lang en --age-bands 18-34,35-59,60- tests/data/compare-2023.csv \
    tests/data/compare-2021.csv tests/data/compare-2022.csv
has "$T/out" "│ not asked │" "not asked"
has "$T/out" "Change in participation rate, 2021 → 2022" "chronological"
has "$T/out" "The activities asked differ between waves" "not asked"
expect_rc "not asked json" 0 $CANYU compare -f json --age-bands 18-34,35-59,60- tests/data/compare-2023.csv \
    tests/data/compare-2021.csv tests/data/compare-2022.csv
has "$T/out" '"not_asked": [
        "act_online",
        "sat_digital"
      ]' "not asked json"
has "$T/out" '"asked": false' "not asked json"
has "$T/out" "Not asked in 2021: Online consultation (community WeChat group); Digital (smart community) services. Changes to or from that wave are not tested for them, nor for the index “Satisfaction with services”, which needs every item." "not asked json"
has "$T/out" "By activity from 2022 to 2023, participation rose significantly in" "not asked json"

# JSON: the stable keys of docs/json.md
expect_rc "json" 0 $CANYU compare -f json $B23 $B24
for k in '"tool": "canyu"' '"waves": [' '"label": "2023"' '"rows_loaded": 1200' '"by_wave": [' '"changes": [' \
         '"from": "2023"' '"to": "2024"' '"difference": ' '"z": ' '"t": ' '"df": ' '"p_value": ' '"scales": [' \
         '"scale": "services"' '"findings": ['; do
    has "$T/out" "$k" "json"
done
# a wave in GB18030 gives the same figures
iconv -f UTF-8 -t GB18030 $B24 >"$T/gb-2024.csv"
expect_rc "json gb" 0 $CANYU compare -f json $B23 "$T/gb-2024.csv"
has "$T/out" '"encoding": "gb18030"' "json gb"
grep '"rate"\|"mean"\|"p_value"' "$T/out" >"$T/gb.nums"
$CANYU compare -f json $B23 $B24 | grep '"rate"\|"mean"\|"p_value"' >"$T/utf.nums"
if cmp -s "$T/gb.nums" "$T/utf.nums"; then ok; else bad "json gb: figures differ from the UTF-8 file"; fi

# CSV and Markdown
expect_rc "csv" 0 $CANYU compare -f csv --lang en $B23 $B24
if head -c 3 "$T/out" | od -An -tx1 | grep -q 'ef bb bf'; then ok; else bad "csv: no BOM"; fi
has "$T/out" "section,table,group,row,column,value" "csv"
has "$T/out" 'participation,changes,,2023→2024,ci_low,-0.023245471802221807' "csv"
has "$T/out" 'scales,changes,services,2023→2024,t,' "csv"
lacks "$T/out" "▲" "csv"
lacks "$T/out" "<0.001" "csv"
# -o x.csv is the same table
$CANYU compare --lang en -o "$T/c.csv" $B23 $B24
if cmp -s "$T/c.csv" "$T/out"; then ok; else bad "compare -o c.csv differs from -f csv"; fi
expect_rc "markdown" 0 $CANYU compare -f markdown --lang en $B23 $B24
has "$T/out" "# Findings" "markdown"
has "$T/out" "| Group" "markdown"

# waves without a year: named after their files, in the order given; the
# codebook's missing year row makes the data's year column an ignored one
grep -v '^year,' samples/codebook.csv >"$T/cb-noyear.csv"
expect_rc "file labels" 0 $CANYU compare -f json -c "$T/cb-noyear.csv" $B24 $B23
has "$T/out" '"label": "boli-2024"' "file labels"
has "$T/out" '"from": "boli-2024"' "file labels"
has "$T/err" "canyu: samples/boli-2024.csv:1: warning: column \"year\" is not in the codebook; ignored" "file labels"
expect_rc "file labels quiet" 0 $CANYU compare -q -f json -c "$T/cb-noyear.csv" $B24 $B23
if [ -s "$T/err" ]; then bad "-q still warns"; else ok; fi

# a weight column is ignored (and may be missing from a wave), and the output says so
expect_rc "weights" 0 $CANYU compare --lang en --width 200 -c tests/data/weighted-codebook.csv tests/data/weighted.csv $B24
has "$T/out" "Unweighted: the codebook's weight column is ignored" "weights"
expect_rc "weights json" 0 $CANYU compare -f json -c tests/data/weighted-codebook.csv tests/data/weighted.csv $B24
has "$T/out" '"weights_ignored": true' "weights json"

# one file holding both years: split by year
{ cat $B23; tail -n +2 $B24; } >"$T/both.csv"
expect_rc "one file two years" 0 $CANYU compare -f json "$T/both.csv"
has "$T/out" '"label": "2024"' "one file two years"
$CANYU compare -f json $B23 $B24 | grep '"rate"\|"mean"\|"p_value"' >"$T/two.nums"
grep '"rate"\|"mean"\|"p_value"' "$T/out" >"$T/one.nums"
if cmp -s "$T/one.nums" "$T/two.nums"; then ok; else bad "one file two years: figures differ from two files"; fi

# rejected records: left out and shown; --strict makes them an error
{ cat $B24; echo '2024-9999,2024,1,1,1,150,0,1,0,0,0,0,0,,3,3,3,3,3,3,3,3,3,3,3,3,3,300,'; } >"$T/bad-2024.csv"
expect_rc "excluded" 0 $CANYU compare --lang en $B23 "$T/bad-2024.csv"
has "$T/out" "Excluded records are left out of every figure" "excluded"
expect_rc "strict" 1 $CANYU compare --strict $B23 "$T/bad-2024.csv"
has "$T/err" "canyu: 1 record rejected and --strict given" "strict"

# errors: FILE:LINE messages and exit codes
expect_rc "one wave" 1 $CANYU compare $B24
has "$T/err" "canyu: $B24: the file holds one wave (2024): compare needs two or more" "one wave"
cut -d, -f1-5,7- $B24 >"$T/noage.csv"
expect_rc "no age" 1 $CANYU compare $B23 "$T/noage.csv"
has "$T/err" "canyu: $T/noage.csv:1: the codebook's column \"age\" (line 7 of the built-in codebook, role age) is not in the data; a wave may lack only questionnaire items" "no age"
{ cat samples/codebook.csv; echo 'sat_extra,satisfaction,额外,Extra,services,1,5,,9,'; } >"$T/cb-extra.csv"
expect_rc "in no file" 1 $CANYU compare -c "$T/cb-extra.csv" $B23 $B24
has "$T/err" "canyu: $T/cb-extra.csv:34: column \"sat_extra\" is in none of the files" "in no file"
expect_rc "twice" 1 $CANYU compare $B23 $B23
has "$T/err" "canyu: $B23: the file is given twice" "twice"
cp $B23 "$T/2024.csv"
sed 's/^\(2023-[0-9]*\),2023,/\1,,/' $B23 >"$T/2024.csv"
expect_rc "label clash" 1 $CANYU compare "$T/2024.csv" $B24
has "$T/err" "two waves are labelled \"2024\"" "label clash"
expect_rc "no file" 1 $CANYU compare $B23 "$T/none.csv"
has "$T/err" "canyu: $T/none.csv: cannot open" "no file"
expect_rc "rake" 2 $CANYU compare --rake samples/margins.csv $B23 $B24
has "$T/err" "canyu: compare: --rake does not apply" "rake"
expect_rc "rejects" 2 $CANYU compare --rejects "$T/r.csv" $B23 $B24
expect_rc "no input" 2 $CANYU compare
has "$T/err" "canyu: compare: no input file" "no input"
expect_rc "bad option" 2 $CANYU compare --bogus $B23 $B24
expect_rc "bad bands" 2 $CANYU compare --age-bands 30-20 $B23 $B24
expect_rc "bad format" 2 $CANYU compare -f xml $B23 $B24
expect_rc "help" 0 $CANYU compare --help
has "$T/out" "usage: canyu compare [OPTIONS] FILE FILE..." "help"

# output: atomic, and a full disk is an error
expect_rc "dev full" 1 $CANYU compare -o /dev/full $B23 $B24
expect_rc "output file" 0 $CANYU compare -f json -o "$T/c.json" $B23 $B24
has "$T/c.json" '"waves": [' "output file"
expect_rc "unwritable" 1 $CANYU compare -o "$T/no/such/dir/c.txt" $B23 $B24

# against R, on waves made now with a new seed (never seen by canyu or its fixtures)
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'quit(status = !requireNamespace("jsonlite", quietly = TRUE))' >/dev/null 2>&1; then
    seed=$(($(date +%s) % 100000 + $$ % 1000))
    echo "e2e-compare: R reference on new waves, seed $seed"
    Rscript tests/reference/compare.R --make-waves "$T" "$seed" 2>/dev/null
    for files in "$T/wave-2031.csv $T/wave-2032.csv" "$T/wave-2033.csv $T/wave-2031.csv $T/wave-2032.csv"; do
        for bands in "18-29,30-39,40-49,50-59,60-69,70-" "18-34,35-59,60-"; do
            # shellcheck disable=SC2086
            $CANYU compare -f json --lang zh --age-bands "$bands" $files >"$T/canyu.json" 2>"$T/err" || bad "compare $files"
            # shellcheck disable=SC2086
            if Rscript tests/reference/compare.R --check "$T/canyu.json" --age-bands "$bands" $files >"$T/check" 2>&1; then
                ok
            else
                bad "R disagrees with canyu on new waves (seed $seed, bands $bands)"
            fi
            sed 's/^/  R: /' "$T/check" | tail -3
        done
    done
else
    echo "e2e-compare: Rscript with jsonlite not found; the check against R on new waves is skipped"
fi

echo "e2e-compare: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
