#!/bin/sh
# Regenerate the golden reports that tests/e2e.sh compares against, after a
# deliberate change to the report.  Usage: sh tests/golden/update.sh [BUILD]
# Review the diff (git diff tests/golden) before committing.
BUILD=${1:-build}
set -e
for spec in "zh.txt:--lang zh" "en.txt:--lang en" "en-ascii.txt:--lang en --ascii" \
            "zh-ambiwidth2.txt:--lang zh --ambiwidth 2" "zh.md:--lang zh -f markdown" \
            "en.csv:--lang en -f csv" "zh.html:--lang zh -f html" "en.html:--lang en -f html"; do
    file=${spec%%:*} opts=${spec#*:}
    # shellcheck disable=SC2086
    LC_ALL=C.UTF-8 "$BUILD/canyu" report $opts --width 100 samples/boli-2024.csv > "tests/golden/$file"
done
