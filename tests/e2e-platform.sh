#!/bin/sh
# End-to-end test of the survey platforms' conventions on one wjx-shaped
# export (GB18030, CRLF, as wjx writes it): numbered options, fill-ins,
# codes written 2.0, ┋ with options that hold 、, times taken as a clock or
# with units, skip markers missing through the file-wide row, a no-break
# space after a cell, and two matrix rows headed 标题.  Nothing is rejected
# but the one record whose age is out of range, and --rejects keeps its
# fill-in as written.  The draft codebook of the export names the matrix
# rows 标题#1 and 标题#2 and loads it.
# Usage: tests/e2e-platform.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

cat >"$T/cb.csv" <<'EOF'
column,role,label_zh,label_en,scale,min,max,reverse,missing,values
序号,id,序号,Response number,,,,,,
所用时间,duration,所用时间,Time taken,,,,,,
3、您的性别:,gender,性别,Gender,,,,,,1=男|male;2=女|female
4、您的年龄:,age,年龄,Age,,16,100,,,
6、过去一年您参加过以下哪些社区活动?(多选),activities,社区活动,Activities,,,,,,1=居民议事会或协商会;2=志愿服务;3=文体、娱乐活动;4=其他;0=以上都没有
7、主要原因是:,barrier,主要原因,Main reason,,,,,,1=没有时间;2=不了解活动信息;3=其他
标题#1,trust,邻里关系融洽,Neighbours get on well,cohesion,1,5,,说不清,1=非常不同意;2=不同意;3=一般;4=同意;5=非常同意
标题#2,trust,愿意为社区出力,Willing to help,cohesion,1,5,,说不清,1=非常不同意;2=不同意;3=一般;4=同意;5=非常同意
*,missing,,,,,,,-2;-3;(跳过);(空),
EOF
{
    printf '%s\r\n' \
        '序号,所用时间,3、您的性别:,4、您的年龄:,6、过去一年您参加过以下哪些社区活动?(多选),7、主要原因是:,标题,标题,来自IP' \
        '1,2:05,1.男,66,志愿服务┋文体、娱乐活动,(跳过),同意,4.同意,1.2.3.4' \
        '2,00:02:05,B.女,45.0,文体、娱乐活动,(跳过),5.0,非常同意,1.2.3.4' \
        '3,125 秒,2、女,30,以上都没有,3.其他〖要带孙子〗,(空),-2,1.2.3.4' \
        '4,125s,(1)男,52,其他〖跳广场舞、下棋〗┋志愿服务,(跳过),一般,说不清,1.2.3.4'
    printf '5,2分05秒,男\302\240,71,2.0┋3.0,(跳过),-3,同意,1.2.3.4\r\n'
    printf '%s\r\n' '6,125,2.0,130,文体、娱乐活动,其他〖没人通知〗,同意,同意,1.2.3.4'
} | iconv -f utf-8 -t gb18030 >"$T/data.csv" || bad "iconv failed"

"$CANYU" validate -c "$T/cb.csv" --rejects "$T/rej.csv" "$T/data.csv" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && ok || bad "validate: exit not 1 (one record is rejected)"
grep -c "^$T/data.csv:[0-9]*: column" "$T/out" | grep -qx 1 && ok || bad "validate: not one rejection: $(cat "$T/out")"
grep -qF "$T/data.csv:7: column \"4、您的年龄:\": value \"130\": outside 16..100" "$T/out" && ok ||
    bad "validate: the age 130 not rejected: $(cat "$T/out")"
grep -qF '6 records read, 5 loaded, 1 rejected, 0 blank' "$T/out" && ok || bad "validate: $(tail -n 1 "$T/out")"
grep -qF 'column "来自IP": not in the codebook; ignored' "$T/out" && ok || bad "validate: 来自IP not warned of"
# the rejected record as it was, fill-in and all
grep -qF ',6,125,2.0,130,文体、娱乐活动,其他〖没人通知〗,同意,同意,1.2.3.4' "$T/rej.csv" && ok ||
    bad "--rejects lost the fill-in: $(cat "$T/rej.csv")"

"$CANYU" report -q --lang zh -c "$T/cb.csv" -f csv "$T/data.csv" >"$T/r.csv" 2>"$T/err"
[ $? -eq 0 ] && ok || bad "report failed: $(cat "$T/err")"
want() { # want LINE...: each a row of the report's tidy CSV
    for line in "$@"; do
        grep -qxF "$line" "$T/r.csv" && ok || bad "report lacks the row $line"
    done
}
want 'input,,,,rows_loaded,5'
# 1.男, B.女, 2、女, (1)男, 男 and a no-break space; 2.0 in the rejected record
want 'profile,gender,,男,n,3' 'profile,gender,,女,n,2'
# ┋ with 、 inside an option, 2.0┋3.0, 其他〖跳广场舞、下棋〗
want "participation,activities,,6、过去一年您参加过以下哪些社区活动?(多选)[居民议事会或协商会],rate,0" "participation,activities,,6、过去一年您参加过以下哪些社区活动?(多选)[志愿服务],rate,0.6" \
    "participation,activities,,6、过去一年您参加过以下哪些社区活动?(多选)[文体、娱乐活动],rate,0.6" "participation,activities,,6、过去一年您参加过以下哪些社区活动?(多选)[其他],rate,0.2"
# the matrix rows: 5.0 and 4.同意 read, the skip markers and 说不清 missing
want 'trust,items,,标题#1,n,3' 'trust,items,,标题#1,mean,4' 'trust,items,,标题#2,n,3'
# every time taken is 125 seconds: none is under 125, all five under 126
want 'input,,,,speeders,0'
"$CANYU" report -q -c "$T/cb.csv" -f csv --min-duration 126 "$T/data.csv" >"$T/r.csv" 2>"$T/err"
want 'input,,,,speeders,5'

# The draft codebook names the matrix rows 标题#1 and 标题#2 (their label the
# header) and loads its own file.
"$CANYU" codebook "$T/data.csv" -o "$T/draft.csv" 2>"$T/err" && ok || bad "codebook failed: $(cat "$T/err")"
grep -q '^标题#1,[a-z_]*,标题,' "$T/draft.csv" && grep -q '^标题#2,[a-z_]*,标题,' "$T/draft.csv" && ok ||
    bad "draft: no 标题#1 and 标题#2: $(grep 标题 "$T/draft.csv")"
"$CANYU" validate -c "$T/draft.csv" "$T/data.csv" >"$T/out" 2>&1
# platform spellings listed as their plain labels, numbered ones by their numbers
grep '^3、您的性别:' "$T/draft.csv" | grep -qF ',1=男;2=女,' && ok || bad "draft gender values: $(grep '^3、您的性别:' "$T/draft.csv")"
grep -qF '6 records read, 6 loaded, 0 rejected' "$T/out" && ok || bad "draft round trip: $(tail -n 3 "$T/out")"

echo "e2e-platform: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
