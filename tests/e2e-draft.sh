#!/bin/sh
# End-to-end tests of `canyu codebook FILE`: a draft codebook for a data file
# guesses the roles from the headers and answers, lists the answers, and
# loads the file it was drafted from rejecting no record but those with a
# wrong field count or a repeated id.
# Usage: tests/e2e-draft.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# field N of the draft's row for a column whose header holds WORD
row() { grep -F "$2" "$1" | head -n 1; }

# ## The platform export (GB18030, Chinese headers, option text, ┋ activities)
P=samples/platform-export.csv
if $CANYU codebook -o "$T/p.csv" $P 2>"$T/err"; then ok; else bad "codebook $P failed: $(cat "$T/err")"; fi
[ -s "$T/err" ] && bad "codebook $P wrote to stderr: $(cat "$T/err")" || ok
head -n 1 "$T/p.csv" | grep -qx 'column,role,label_zh,label_en,scale,min,max,reverse,missing,values,note' &&
    ok || bad "draft header: $(head -n 1 "$T/p.csv")"
for want in '序号,id,' '提交答卷时间,ignore,' '所用时间,duration,' '来自IP,ignore,' \
    '1、您所在的街道:,subdistrict,' '2、您所在的社区:,community,' '3、您的性别:,gender,' \
    '4、您的年龄(周岁):,age,' '5、您是否为中共党员:,party_member,' \
    '6、过去一年您参加过以下哪些社区活动?(多选),activities,' \
    '7、您没有参加或很少参加社区活动的主要原因是:,barrier,' \
    '8、您对以下社区服务的满意度—环境卫生,satisfaction,' \
    '9、您是否同意以下说法—信任社区党组织,trust,' '10、您对社区治理有什么意见和建议?,text,'; do
    grep -qF "$want" "$T/p.csv" && ok || bad "draft lacks a row starting $want"
done
# Likert wordings in scale order, don't-know answers and skip markers missing
row "$T/p.csv" '满意度—环境卫生' | grep -qF ',1,5,,说不清,1=非常不满意;2=不满意;3=一般;4=满意;5=非常满意,' &&
    ok || bad "satisfaction levels: $(row "$T/p.csv" '满意度—环境卫生')"
row "$T/p.csv" '主要原因' | grep -qF ',(跳过),1=' && ok || bad "skip marker not missing: $(row "$T/p.csv" '主要原因')"
# the "none of these" option of a multiple-choice column is code 0
row "$T/p.csv" '哪些社区活动' | grep -qF '0=以上都没有' && ok || bad "activities: $(row "$T/p.csv" '哪些社区活动')"
# The draft loads its own file: only the wrong field count and the repeated
# id that the sample holds on purpose are rejected.
$CANYU validate -c "$T/p.csv" $P >"$T/v" 2>&1
grep -q '^304 records read, 302 loaded, 2 rejected' "$T/v" && ok || bad "draft does not load its file: $(tail -n 3 "$T/v")"
grep -c 'wrong number of fields\|repeated id' "$T/v" | grep -qx 2 && ok || bad "rejections other than field count/id: $(cat "$T/v")"
$CANYU report -q -c "$T/p.csv" -f json $P >"$T/r.json" 2>"$T/err" && ok || bad "report through the draft failed: $(cat "$T/err")"

# ## The coded sample: numbers as codes
$CANYU codebook samples/boli-2024.csv >"$T/b.csv" 2>"$T/err" && ok || bad "codebook boli-2024 failed: $(cat "$T/err")"
grep -qF 'id,id,' "$T/b.csv" && ok || bad "coded id: $(head -n 2 "$T/b.csv")"
$CANYU validate -q -c "$T/b.csv" samples/boli-2024.csv >"$T/v" 2>&1 && ok || bad "draft of boli-2024 rejects records: $(tail -n 3 "$T/v")"

# ## Roles for any questionnaire: single, numeric, likert with its scale row
U=tests/data/unseen-data.csv
$CANYU codebook -o "$T/u.csv" $U 2>"$T/err" && ok || bad "codebook $U failed: $(cat "$T/err")"
for want in '文化程度,single,' '住房类型,single,' '月收入,numeric,' '居住年限,numeric,' \
    '安全1,likert,安全1,,likert1,1,5,' 'likert1,scale,安全,' '满意2,satisfaction,'; do
    grep -qF "$want" "$T/u.csv" && ok || bad "unseen draft lacks a row starting $want"
done
row "$T/u.csv" '住房类型' | grep -qF ',-2,1=自有住房;2=租房;3=单位宿舍,' && ok || bad "single values: $(row "$T/u.csv" 住房类型)"
row "$T/u.csv" '居住年限' | grep -qF ',(跳过),,' && ok || bad "numeric skip marker: $(row "$T/u.csv" 居住年限)"
# Round trips: the draft loads its own file (CSV, xlsx, SPSS)
for f in $U tests/data/any-data.csv tests/data/xlsx/*.xlsx tests/data/sav/boli.sav tests/data/sav/brackets.sav; do
    $CANYU codebook -o "$T/rt.csv" "$f" 2>"$T/err" && ok || bad "codebook $f failed: $(cat "$T/err")"
    $CANYU validate -c "$T/rt.csv" "$f" >"$T/v" 2>&1
    grep -q ' 0 rejected' "$T/v" && ok || bad "draft of $f rejects records: $(tail -n 3 "$T/v")"
    $CANYU report -q -c "$T/rt.csv" -f json "$f" >/dev/null 2>"$T/err" && ok || bad "report through the draft of $f: $(cat "$T/err")"
done

# ## Likert wordings on the full scale: nobody answered 非常不满意, 不满意 is still 2
{
    echo 'id,您对物业服务是否满意,夜里出行感到—楼内,夜里出行感到—路上,您对环境是否满意'
    i=0
    for a in 不满意 一般 满意 非常满意 满意 一般 不满意 满意; do
        i=$((i + 1))
        echo "$i,$a,比较安全,非常安全,满意"
    done
    echo '9,说不清,不太安全,一般,一般'
    echo '10,满意,非常不安全,比较安全,不满意'
} >"$T/l.csv"
$CANYU codebook -o "$T/lc.csv" "$T/l.csv" 2>"$T/err" && ok || bad "codebook of Likert wordings failed: $(cat "$T/err")"
row "$T/lc.csv" '物业服务' | grep -qF ',1,5,,说不清,1=非常不满意;2=不满意;3=一般;4=满意;5=非常满意,' &&
    ok || bad "full 5-point scale: $(row "$T/lc.csv" 物业服务)"
row "$T/lc.csv" '楼内' | grep -qF ',likert,夜里出行感到—楼内,,likert1,1,5,,,1=非常不安全;2=不太安全;3=一般;4=比较安全;5=非常安全,' &&
    ok || bad "full scale of another stem: $(row "$T/lc.csv" 楼内)"
row "$T/lc.csv" '路上' | grep -qF ',likert1,1,5,,,1=非常不安全;2=不太安全;3=一般;4=比较安全;5=非常安全,' &&
    ok || bad "one scale for one question: $(row "$T/lc.csv" 路上)"
grep -qF 'likert1,scale,夜里出行感到,' "$T/lc.csv" && ok || bad "scale row: $(grep scale, "$T/lc.csv")"
# no extreme wording: a scale of the levels seen
row "$T/lc.csv" '环境' | grep -qF ',1,3,,,1=不满意;2=一般;3=满意,' && ok || bad "3 levels: $(row "$T/lc.csv" 环境)"
$CANYU report -q -c "$T/lc.csv" -f json "$T/l.csv" >"$T/l.json" 2>"$T/err" && ok || bad "report through the Likert draft: $(cat "$T/err")"
tr -d " \n" <"$T/l.json" | grep -qF "\"distribution\":[0,2,2,4,1]" && ok || bad "不满意 coded 2: $(grep -o '"distribution":[^]]*]' "$T/l.json" | head -n 1)"

# ## 问卷星 shapes: yes/no on taking part coded 1/2, and one column per option
{
    echo '序号,1、您的年龄(周岁):,2、您是否参加过社区志愿活动:,3、您是否参与过议事会:,7、您参加过哪些活动:(志愿服务),7、您参加过哪些活动:(文体活动),Q8_1,Q8_2'
    echo '1,34,1,是,1,0,选中,未选中'
    echo '2,56,2,否,0,1,未选中,选中'
    echo '3,71,1,是,1,1,选中,(跳过)'
    echo '4,45,2,否,0,0,未选中,未选中'
    echo '5,29,-2,(跳过),0,-2,未选中,选中'
} >"$T/w.csv"
$CANYU codebook "$T/w.csv" -o "$T/wc.csv" 2>"$T/err" && ok || bad "codebook of the wjx shapes failed: $(cat "$T/err")"
row "$T/wc.csv" '社区志愿活动' | grep -qF ',participation,' && ok || bad "1/2 on taking part: $(row "$T/wc.csv" 社区志愿活动)"
row "$T/wc.csv" '社区志愿活动' | grep -qF ',-2,1=是;2=否,' && ok || bad "1/2 coding: $(row "$T/wc.csv" 社区志愿活动)"
row "$T/wc.csv" '议事会' | grep -qF ',participation,' && ok || bad "是/否 on taking part: $(row "$T/wc.csv" 议事会)"
row "$T/wc.csv" '(志愿服务)' | grep -qF ',option,志愿服务,,7、您参加过哪些活动:,' && ok || bad "option column: $(row "$T/wc.csv" '(志愿服务)')"
row "$T/wc.csv" 'Q8_2' | grep -qF ',option,Q8_2,,Q8,,,,(跳过),1=选中;0=未选中,' && ok || bad "numbered option column: $(row "$T/wc.csv" Q8_2)"
grep -qF '7、您参加过哪些活动:,scale,' "$T/wc.csv" && ok || bad "option question's row: $(grep ',scale,' "$T/wc.csv")"
$CANYU report -q -c "$T/wc.csv" -f json "$T/w.csv" >"$T/w.json" 2>"$T/err" && ok || bad "report through the wjx draft: $(cat "$T/err")"
[ -s "$T/err" ] && bad "report through the wjx draft warned: $(cat "$T/err")" || ok
tr -d ' \n' <"$T/w.json" | grep -qF '"rows_excluded":0' && ok || bad "the wjx draft rejects records"
# participants: 1 and 3 said yes (1 or 是); 5 answered neither
tr -d ' \n' <"$T/w.json" | grep -qF '"overall":{"n":4,"participants":2,' && ok || bad "participation from 1/2 and 是/否: $(tr -d ' \n' <"$T/w.json" | grep -o '"overall":{[^}]*}' | head -n 1)"
tr -d ' \n' <"$T/w.json" | grep -qF '"column":"7、您参加过哪些活动:","label":"7、您参加过哪些活动:","type":"multi"' && ok || bad "option question in the report"
tr -d ' \n' <"$T/w.json" | grep -qF '"column":"Q8",' && ok || bad "numbered option question in the report"

# ## Errors
$CANYU codebook "$T/none.csv" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && ok || bad "a missing file should exit 1"
grep -q "^canyu: $T/none.csv: cannot open" "$T/err" && ok || bad "missing file message: $(cat "$T/err")"
[ -s "$T/out" ] && bad "a failed draft wrote output" || ok
: >"$T/empty.csv"
$CANYU codebook -o "$T/o.csv" "$T/empty.csv" 2>"$T/err"
[ $? -eq 1 ] && ok || bad "an empty file should exit 1"
[ -e "$T/o.csv" ] && bad "a failed draft left -o behind" || ok
$CANYU codebook a b >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok || bad "two files should be a usage error"

echo "e2e-draft: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
