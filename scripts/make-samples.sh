#!/bin/sh
# make-samples.sh — regenerate the committed sample surveys in samples/.
#
#   samples/boli-2023.csv       canyu sample --year 2023 --seed 2023 --respondents 1200
#   samples/boli-2024.csv       canyu sample --year 2024 --seed 2024 --respondents 1200
#   samples/platform-export.csv canyu sample --style platform --seed 2024 --year 2024
#                               --respondents 300, in GB18030 with CRLF line ends,
#                               plus four deliberately bad records (samples/README.md)
#
# Usage: scripts/make-samples.sh [CANYU]   (default: build/canyu, built with make)
# The output is deterministic: running it twice gives identical files.
set -eu
cd "$(dirname "$0")/.."

canyu=${1:-build/canyu}
if [ "$canyu" = build/canyu ]; then
    make -s build/canyu
fi

"$canyu" sample --year 2023 --seed 2023 --respondents 1200 -o samples/boli-2023.csv
"$canyu" sample --year 2024 --seed 2024 --respondents 1200 -o samples/boli-2024.csv

# The online-platform export.  Records 1-300 are the first 300 respondents of
# `canyu sample --seed 2024 --year 2024 --respondents 300` (coded style), so
# both load to the same figures.  The four records after them are broken on
# purpose, one fault each, to show how the loader reports them:
#   301  a missing field: the last column (the comment) is absent, 25 fields of 26
#   302  an age of 150, outside the codebook's 16..100
#   303  the community 长按社区, a typo for 长安社区, not a listed value
#   304  序号 12 again, a duplicate of record 12 (the later record is rejected)
tmp=$(mktemp samples/.platform-export.XXXXXX)
trap 'rm -f "$tmp" "$tmp.utf8"' EXIT
{
    "$canyu" sample --style platform --seed 2024 --year 2024 --respondents 300
    cat <<'BAD'
301,2024/6/30 21:15:09,5分12秒,微信,112.47.160.23(黑龙江-七台河),新华街道,南城社区,女,63,否,文体活动┋环境整治,(跳过),满意,满意,一般,一般,满意,不满意,一般,一般,同意,同意,同意,一般,同意
302,2024/6/30 21:40:33,6分48秒,手机提交,111.92.14.201(黑龙江-七台河),城西街道,花园社区,男,150,是,志愿服务┋党建“四联”活动,(跳过),满意,非常满意,满意,一般,非常满意,一般,一般,一般,同意,不同意,同意,同意,非常同意,
303,2024/6/30 22:02:51,4分37秒,微信,113.20.88.142(黑龙江-七台河),新华街道,长按社区,女,71,否,文体活动,身体原因,满意,满意,满意,一般,满意,不满意,不满意,不同意,一般,同意,同意,一般,同意,
12,2024/6/30 22:31:06,7分2秒,微信,112.150.9.77(黑龙江-七台河),铁西街道,金叶社区,男,45,否,以上都没有,没有时间,一般,满意,一般,一般,一般,不满意,一般,不同意,一般,同意,一般,一般,一般,
BAD
} >"$tmp.utf8"
iconv -f UTF-8 -t GB18030 "$tmp.utf8" | sed 's/$/\r/' >"$tmp"
chmod 644 "$tmp"
mv "$tmp" samples/platform-export.csv

# Where the bad records start (physical lines; a quoted comment may span two).
LC_ALL=C grep -n -a -E '^(301|302|303),|^12,2024/6/30 22:31:06' samples/platform-export.csv |
    LC_ALL=C cut -d, -f1 | sed 's/^\([0-9]*\):\(.*\)$/bad record (序号 \2) starts at line \1/' >&2
