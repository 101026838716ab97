#!/bin/sh
# Render the HTML reports in a real browser, to look at them: the report on
# the 2024 sample and a comparison of three waves, in Chinese and English,
# as full-page screenshots and as A4 PDFs with one PNG per page.
# Usage: scripts/look.sh [BUILD]   (writes BUILD/look/; needs chromium and
# pdftoppm: make look installs them)
set -eu
BUILD=${1:-build}
CANYU=$BUILD/canyu
OUT=$BUILD/look
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/*.pdf
"$CANYU" sample --year 2022 --seed 2022 -o "$OUT/wave-2022.csv"
for lang in zh en; do
    "$CANYU" report -q --lang "$lang" -o "$OUT/report-$lang.html" samples/boli-2024.csv
    "$CANYU" compare -q --lang "$lang" -o "$OUT/compare-$lang.html" \
        "$OUT/wave-2022.csv" samples/boli-2023.csv samples/boli-2024.csv
done
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browse() {
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
        "$@" 2>/dev/null | grep -v '^\[' || true
}
for f in "$OUT"/report-zh "$OUT"/report-en "$OUT"/compare-zh "$OUT"/compare-en; do
    page="file://$(cd "$(dirname "$f")" && pwd)/$(basename "$f").html"
    browse --window-size=1200,4000 --screenshot="$f.png" "$page"
    browse --no-pdf-header-footer --print-to-pdf="$f.pdf" "$page"
    pdftoppm -r 80 -png "$f.pdf" "$f-page"
done
ls "$OUT"/*.png | sed 's/^/look: /'
