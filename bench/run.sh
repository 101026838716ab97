#!/bin/sh
# bench/run.sh — canyu's benchmark (`make bench`): `canyu report` against a
# bare libcsv parse of the same file (the floor for any libcsv-based loader),
# PSPP and R running the same analysis, and datamash doing one group mean;
# then the same respondents as an Excel workbook (written by LibreOffice) and
# an SPSS file (written by R haven), read by canyu, by R (readxl, haven) and by
# pandas.  Prints a table and writes it, with the machine and the command, to
# bench/RESULTS.md.
#
#   sh bench/run.sh [BUILD]        BUILD: the directory of canyu (default build)
#
# Environment:
#   BENCH_10M=1          also 10,000,000 respondents (an ~800 MB file): the
#                        bare parse, canyu and datamash; add BENCH_10M_ALL=1
#                        for PSPP and R too (hours, and ~10 GB for R)
#   BENCH_SIZES="N ..."  the sizes to run instead (e.g. "100000" for a quick look)
#   BENCH_FORMATS="xlsx sav"  the other formats measured at up to 1,000,000
#                        respondents ("" for none).  Their files are written
#                        once (samples/boli-xlsx.sh, LibreOffice; samples/
#                        boli-sav.R, R haven) and kept while the CSV is the
#                        same; a row whose writer or reader is missing is
#                        skipped with a message.  At 1,000,000 respondents R
#                        readxl (about 17 GB: it holds the sheet's XML whole)
#                        and pandas (about 15 minutes) on the .xlsx are
#                        skipped unless BENCH_XLSX_1M_ALL=1
#   BENCH_RUNS=3         runs per measurement (up to two more when they differ
#                        by over 20%); the shortest wall time and the largest
#                        peak memory are reported.  A run longer than
#                        BENCH_REPEAT_MAX seconds (default 60) is not repeated.
#   BENCH_MAX_LOAD       before each measurement, wait up to BENCH_WAIT seconds
#                        (default 120) for the 1-minute load average to drop
#                        below this (default: the number of CPUs - 0.5)
#   BENCH_DIR            data and outputs (default BUILD/bench)
#   BENCH_RESULTS        the results file (default bench/RESULTS.md)
#   CC                   the compiler for bench/csvparse.c (default cc)
#   BENCH_ANY=0          skip the any-questionnaire rows (bench_any below)
#   BENCH_ANY_SIZE       their respondents (default 1000000)
set -eu

BUILD=${1:-build}
cd "$(dirname "$0")/.."
canyu=$BUILD/canyu
work=${BENCH_DIR:-$BUILD/bench}
results=${BENCH_RESULTS:-bench/RESULTS.md}
runs=${BENCH_RUNS:-3}
repeat_max=${BENCH_REPEAT_MAX:-60}
ncpu=$(nproc)
max_load=${BENCH_MAX_LOAD:-$(awk -v n="$ncpu" 'BEGIN { print n - 0.5 }')}
max_wait=${BENCH_WAIT:-120}
seed=2024

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$canyu" ] || die "$canyu not found: run 'make' first (or 'make bench')"
sh scripts/deps.sh bench
for t in /usr/bin/time pspp Rscript datamash; do
    command -v "$t" >/dev/null 2>&1 || die "$t is missing (scripts/deps.sh bench installs it)"
done
mkdir -p "$work/out"
# A copy, so that a rebuild of BUILD/canyu during the run changes nothing.
cp -p "$canyu" "$work/canyu"
src=$(git describe --always --dirty 2>/dev/null || echo 'not a git checkout')
canyu=$work/canyu

# The bare parse, with the warnings of the Makefile.
csvparse=$work/csvparse
newer() { [ -n "$(find "$1" -newer "$2" 2>/dev/null)" ]; }  # $1 is newer than $2

if [ ! -x "$csvparse" ] || newer bench/csvparse.c "$csvparse"; then
    ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -pedantic -Wshadow \
        -Wstrict-prototypes -Wmissing-prototypes -O2 -o "$csvparse" bench/csvparse.c -lcsv
fi

if [ -n "${BENCH_SIZES:-}" ]; then
    sizes=$BENCH_SIZES
else
    sizes="100000 1000000"
    [ "${BENCH_10M:-0}" = 1 ] && sizes="$sizes 10000000"
fi

now() { date +%s.%N; }

formats=${BENCH_FORMATS-xlsx sav}
# pandas with openpyxl: Debian's python3 (a python3 earlier in PATH may lack them).
pandas=""
for py in /usr/bin/python3 python3; do
    if "$py" -c 'import pandas, openpyxl' >/dev/null 2>&1; then
        pandas=$py
        break
    fi
done
have_r() { Rscript -e "suppressPackageStartupMessages(library($1))" >/dev/null 2>&1; }

# other_input N FMT CSV: BENCH_DIR/boli-N.FMT holding CSV, written when it is
# missing or CSV has changed; prints its name, or nothing (and why, on
# standard error) when it cannot be written.
other_input() {
    oin=$work/boli-$1.$2
    sum=$(cksum < "$3")
    if [ -s "$oin" ] && [ "$(cat "$oin.src" 2>/dev/null)" = "$sum" ]; then
        echo "$oin"
        return
    fi
    rm -f "$oin" "$oin.src"
    case $2 in
    xlsx)
        command -v soffice >/dev/null 2>&1 ||
            { echo "bench: skipping the .xlsx rows at $1 respondents: no soffice (apt-get install libreoffice-calc-nogui)" >&2; return; }
        echo "bench: writing $oin (LibreOffice)" >&2
        sh samples/boli-xlsx.sh "$3" "$oin" >&2 || rm -f "$oin"
        ;;
    sav)
        have_r haven ||
            { echo "bench: skipping the .sav rows at $1 respondents: no R haven (apt-get install r-cran-haven)" >&2; return; }
        echo "bench: writing $oin (R haven)" >&2
        Rscript samples/boli-sav.R "$3" "$oin" >&2 || rm -f "$oin"
        ;;
    esac
    if [ -s "$oin" ]; then
        echo "$sum" > "$oin.src"
        echo "$oin"
    else
        echo "bench: skipping the .$2 rows at $1 respondents: writing $oin failed" >&2
    fi
}

# Wait (a while) for the machine to be quiet; print the load we settled for.
wait_quiet() {
    waited=0
    while :; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        if awk -v l="$load" -v m="$max_load" 'BEGIN { exit !(l < m) }' ||
            [ "$waited" -ge "$max_wait" ]; then
            break
        fi
        [ "$waited" -eq 0 ] && echo "bench: load $load, waiting up to ${max_wait}s for it to drop below $max_load" >&2
        sleep 10
        waited=$((waited + 10))
    done
}

rows=$work/rows.txt
: > "$rows"

# What the timing itself costs (forking date and /usr/bin/time, ~20 ms on a
# small VM): the fastest of five timings of true(1), subtracted from each wall
# time below.
overhead=1000
for i in 1 2 3 4 5; do
    t0=$(now)
    /usr/bin/time -f '%M' -o "$work/time.txt" true
    t1=$(now)
    overhead=$(awk -v a="$t0" -v b="$t1" -v o="$overhead" 'BEGIN { d = b - a; print d < o ? d : o }')
done

# measure TOOL SIZE OUTPUT COMMAND...: time COMMAND, standard output to OUTPUT.
measure() {
    tool=$1 size=$2 out=$3
    shift 3
    wait_quiet
    start_load=$load
    walls="" mem=0 i=0 extra=0 runs0=$runs
    while [ "$i" -lt "$runs" ]; do
        t0=$(now)
        if ! /usr/bin/time -f '%M' -o "$work/time.txt" "$@" > "$out" 2> "$out.err"; then
            tail -5 "$out.err" >&2
            die "$tool at $size respondents failed (command: $*; errors in $out.err)"
        fi
        t1=$(now)
        wall=$(awk -v a="$t0" -v b="$t1" -v o="$overhead" \
            'BEGIN { w = b - a - o; printf "%.3f", w < 0.001 ? 0.001 : w }')
        kib=$(tail -1 "$work/time.txt")
        walls="$walls $wall"
        [ "$kib" -gt "$mem" ] && mem=$kib
        i=$((i + 1))
        awk -v w="$wall" -v m="$repeat_max" 'BEGIN { exit !(w > m) }' && break
        # Runs that differ by more than 20% were disturbed: up to two more.
        # shellcheck disable=SC2086 # one wall time a line
        [ "$i" -eq "$runs" ] && [ "$runs" -ge 3 ] && [ "$extra" -lt 2 ] &&
            printf '%s\n' $walls | awk 'NR == 1 || $1 < lo { lo = $1 } $1 > hi { hi = $1 }
                END { exit !(hi > 1.2 * lo) }' && { runs=$((runs + 1)); extra=$((extra + 1)); }
    done
    runs=$runs0
    # shellcheck disable=SC2086 # one wall time a line
    best=$(printf '%s\n' $walls | sort -n | head -1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$size" "$best" "$mem" "$start_load" "$i" >> "$rows"
    printf '  %-30s %9s  %8.3f s  %7.1f MiB  (runs: %s; load %s)\n' "$tool" "$size" "$best" \
        "$(awk -v k="$mem" 'BEGIN { print k / 1024 }')" "$walls" "$start_load" >&2
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
date_start=$(date -u '+%Y-%m-%d %H:%M UTC')

for n in $sizes; do
    data=$work/boli-$n.csv
    if [ ! -s "$data" ] || newer "$canyu" "$data"; then
        need_kb=$((n / 10))  # ~80 bytes a respondent, and room for PSPP's spill
        avail_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
        [ "$avail_kb" -gt $((need_kb * 2)) ] || die "not enough disk for $n respondents in $work"
        echo "bench: writing $data" >&2
        "$canyu" sample --respondents "$n" --seed "$seed" --year 2024 -o "$data"
    fi
    cat "$data" > /dev/null  # every tool starts from a warm page cache
    full=1
    [ "$n" -ge 10000000 ] && [ "${BENCH_10M_ALL:-0}" != 1 ] && full=0
    echo "bench: $n respondents ($(du -h "$data" | cut -f1))" >&2

    measure parse "$n" "$work/out/parse-$n.txt" "$csvparse" "$data"
    measure canyu-json "$n" "$work/out/canyu-$n.json" "$canyu" report -q -f json "$data"
    measure canyu-text "$n" "$work/out/canyu-$n.txt" "$canyu" report -q --lang zh "$data"
    measure canyu-load "$n" "$work/out/canyu-load-$n.txt" "$canyu" validate -q "$data"
    if [ "$full" = 1 ]; then
        printf "FILE HANDLE survey /NAME='%s'.\n" "$(cd "$(dirname "$data")" && pwd)/$(basename "$data")" \
            > "$work/handle-$n.sps"
        measure pspp "$n" "$work/out/pspp-$n.log" pspp -o "$work/out/pspp-$n.txt" \
            "$work/handle-$n.sps" bench/analysis.sps
        if grep -q 'error:' "$work/out/pspp-$n.txt" "$work/out/pspp-$n.log"; then
            die "PSPP reported errors: see $work/out/pspp-$n.txt"
        fi
        measure R "$n" "$work/out/r-$n.txt" Rscript bench/analysis.R "$data"
    fi
    # datamash splits at every comma and line end and knows no missing codes:
    # awk drops the header, the second lines of multi-line comments and the
    # missing answers (blank, 9) first.
    measure datamash "$n" "$work/out/datamash-$n.txt" sh -c \
        "awk -F, 'NR > 1 && NF >= 29 && \$15 != \"\" && \$15 != 9' '$data' |
         datamash -t, -s --no-strict -g 4 count 15 mean 15 sstdev 15"

    # The same respondents as .xlsx and .sav (Excel holds at most 1,048,576 rows).
    [ "$n" -le 1000000 ] || continue
    for fmt in $formats; do
        in=$(other_input "$n" "$fmt" "$data")
        [ -n "$in" ] || continue
        cat "$in" > /dev/null
        echo "bench: $n respondents as .$fmt ($(du -h "$in" | cut -f1))" >&2
        # A .sav read with the codebook the CSV is read with (without -c its own labels would be).
        set -- "$in"
        [ "$fmt" = sav ] && set -- -c samples/codebook.csv "$in"
        measure "canyu-json-$fmt" "$n" "$work/out/canyu-$n-$fmt.json" "$canyu" report -q -f json "$@"
        measure "canyu-load-$fmt" "$n" "$work/out/canyu-load-$n-$fmt.txt" "$canyu" validate -q "$@"
        reader=readxl
        [ "$fmt" = sav ] && reader=haven
        others=1
        [ "$fmt" = xlsx ] && [ "$n" -ge 1000000 ] && [ "${BENCH_XLSX_1M_ALL:-0}" != 1 ] && others=0
        if [ "$others" = 0 ]; then
            echo "bench: skipping R readxl and pandas on the .xlsx at $n respondents (readxl would need about 17 GB, pandas several minutes; BENCH_XLSX_1M_ALL=1 runs them)" >&2
        elif have_r "$reader"; then
            measure "R-$fmt" "$n" "$work/out/r-$n-$fmt.txt" Rscript bench/analysis.R "$in"
        else
            echo "bench: skipping R on .$fmt: no R package $reader (apt-get install r-cran-$reader)" >&2
        fi
        if [ "$fmt" = xlsx ] && [ "$others" = 1 ]; then
            if [ -n "$pandas" ]; then
                measure pandas-xlsx "$n" "$work/out/pandas-$n.txt" "$pandas" bench/read_excel.py "$in"
            else
                echo "bench: skipping pandas on .xlsx: no python3 with pandas and openpyxl (apt-get install python3-pandas python3-openpyxl)" >&2
            fi
        fi
    done
done

# ------------------------------------------------- an any-questionnaire

# bench_any: a questionnaire of any kind (bench/any-codebook.csv: single and
# numeric questions, participation items, two likert scales; data from
# bench/any-gen.awk) at BENCH_ANY_SIZE respondents, reported as JSON with two
# --by columns (a gender and a single question), beside the bare parse of the
# same file and its loading alone (bench/anyload.c: `canyu validate` analyses
# too).  Its rows go to their own table, $work/any.md.
any_md=$work/any.md
bench_any() {
    n=${BENCH_ANY_SIZE:-1000000}
    data=$work/any-$n.csv
    cb=bench/any-codebook.csv
    anyload=$work/anyload
    if [ ! -x "$anyload" ] || newer bench/anyload.c "$anyload" || newer "$BUILD/libcanyu.a" "$anyload"; then
        # shellcheck disable=SC2046 # one word a flag
        ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -pedantic -O2 -I. \
            $(pkg-config --cflags gsl jansson) -o "$anyload" bench/anyload.c "$BUILD/libcanyu.a" \
            -pthread $(pkg-config --libs gsl jansson libutf8proc libzip expat xlsxwriter freexl) \
            -lreadstat -lcsv -lm
    fi
    if [ ! -s "$data" ] || newer bench/any-gen.awk "$data"; then
        echo "bench: writing $data" >&2
        awk -v n="$n" -v seed="$seed" -f bench/any-gen.awk > "$data"
    fi
    cat "$data" > /dev/null
    echo "bench: any-questionnaire, $n respondents ($(du -h "$data" | cut -f1))" >&2
    rows_main=$rows
    rows=$work/any-rows.txt
    : > "$rows"
    measure any-parse "$n" "$work/out/any-parse-$n.txt" "$csvparse" "$data"
    measure any-load "$n" "$work/out/any-load-$n.txt" "$anyload" "$cb" "$data"
    measure any-json "$n" "$work/out/any-$n.json" "$canyu" report -q -f json -c "$cb" "$data"
    measure any-json-by "$n" "$work/out/any-by-$n.json" "$canyu" report -q -f json -c "$cb" \
        --by 性别,文化程度 "$data"
    {
        echo "| run | respondents | wall time (s) | peak memory (MiB) | time ÷ loading | runs | load |"
        echo "|-----|------------:|--------------:|------------------:|---------------:|-----:|-----:|"
        lt=$(awk -F'\t' '$1 == "any-load" { print $3 }' "$rows")
        while IFS="$(printf '\t')" read -r tool size wall kib load nrun; do
            case $tool in
            any-parse) l="bare libcsv parse" ;;
            any-load) l="loading only (bench/anyload.c)" ;;
            any-json) l="canyu report -f json" ;;
            any-json-by) l="canyu report -f json --by 性别,文化程度" ;;
            esac
            awk -v l="$l" -v s="$(any_commas "$size")" -v w="$wall" -v k="$kib" -v lt="$lt" \
                -v r="$nrun" -v ld="$load" 'BEGIN {
                printf "| %s | %s | %.3f | %.1f | %.2f× | %d | %s |\n", l, s, w, k / 1024, w / lt, r, ld }'
        done < "$rows"
        echo
        awk -F'\t' '$1 == "any-load" { l = $3 } $1 == "any-json-by" { j = $3; m = $4 }
            $1 == "any-json" { j0 = $3 }
            END {
                printf "- Statistics and rendering with two --by columns (report less loading): %.3f s, %.0f%% of loading (%.3f s); without --by: %.3f s, %.0f%%.\n",
                    j - l, 100 * (j - l) / l, l, j0 - l, 100 * (j0 - l) / l
                printf "- Peak memory with two --by columns: %.1f MiB (target: at most 150 MiB): %s.\n",
                    m / 1024, m / 1024 <= 150 ? "met" : "**not met**"
            }' "$rows"
    } > "$any_md"
    rows=$rows_main
}
any_commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
[ "${BENCH_ANY:-1}" = 1 ] && bench_any

load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- the report

commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

label() {
    case $1 in
    parse) echo "bare libcsv parse (bench/csvparse.c)" ;;
    canyu-json) echo "canyu report -f json" ;;
    canyu-text) echo "canyu report (text)" ;;
    canyu-load) echo "canyu validate -q (loading only)" ;;
    pspp) echo "PSPP (bench/analysis.sps)" ;;
    R) echo "R (bench/analysis.R)" ;;
    datamash) echo "awk + datamash -s: 1 group mean" ;;
    canyu-json-xlsx) echo "canyu report -f json, .xlsx" ;;
    canyu-load-xlsx) echo "canyu validate -q, .xlsx" ;;
    canyu-json-sav) echo "canyu report -f json -c, .sav" ;;
    canyu-load-sav) echo "canyu validate -q -c, .sav" ;;
    R-xlsx) echo "R readxl::read_excel + bench/analysis.R" ;;
    R-sav) echo "R haven::read_sav + bench/analysis.R" ;;
    pandas-xlsx) echo "pandas read_excel (bench/read_excel.py)" ;;
    esac
}

table=$work/table.md
# shellcheck disable=SC2094 # the loop reads $rows, and so does awk
{
    echo "| tool | respondents | wall time (s) | peak memory (MiB) | time ÷ parse | memory ÷ parse | runs | load |"
    echo "|------|------------:|--------------:|------------------:|-------------:|---------------:|-----:|-----:|"
    while IFS="$(printf '\t')" read -r tool size wall kib load nrun; do
        base=$(awk -F'\t' -v s="$size" '$1 == "parse" && $2 == s { print $3, $4 }' "$rows")
        awk -v l="$(label "$tool")" -v s="$(commas "$size")" -v w="$wall" -v k="$kib" -v b="$base" \
            -v r="$nrun" -v ld="$load" 'BEGIN {
            split(b, p, " ")
            printf "| %s | %s | %.3f | %.1f | %.1f× | %.1f× | %d | %s |\n",
                l, s, w, k / 1024, w / p[1], k / p[2], r, ld }'
    done < "$rows"
} > "$table"

# The targets, for canyu report -f json.
get() { awk -F'\t' -v t="$1" -v s="$2" -v c="$3" '$1 == t && $2 == s { print $c }' "$rows"; }
targets=$work/targets.md
{
    j1m=$(get canyu-json 1000000 3)
    if [ -n "$j1m" ]; then
        p1m=$(get parse 1000000 3)
        m1m=$(get canyu-json 1000000 4)
        awk -v j="$j1m" -v p="$p1m" -v m="$m1m" 'BEGIN {
            r = j / p
            printf "- Time at 1,000,000 respondents: %.2f s, %.1f× the bare parse (target: at most 2.5×): %s.\n",
                j, r, r <= 2.5 ? "met" : "**not met**"
            printf "- Peak memory at 1,000,000 respondents: %.1f MiB (target: at most 150 MiB): %s.\n",
                m / 1024, m / 1024 <= 150 ? "met" : "**not met**"
        }'
        l1m=$(get canyu-load 1000000 3)
        [ -n "$l1m" ] && awk -v j="$j1m" -v l="$l1m" 'BEGIN {
            printf "- Statistics and rendering at 1,000,000 respondents (report less validate): %.3f s, %.0f%% of loading (%.3f s).\n",
                j - l, 100 * (j - l) / l, l }'
    fi
    for n in $sizes; do
        for fmt in $formats; do
            lf=$(get "canyu-load-$fmt" "$n" 3)
            [ -n "$lf" ] || continue
            awk -v f="$fmt" -v n="$(commas "$n")" -v a="$lf" -v c="$(get canyu-load "$n" 3)" \
                -v ma="$(get "canyu-load-$fmt" "$n" 4)" -v mc="$(get canyu-load "$n" 4)" 'BEGIN {
                r = a / c
                printf "- Loading the .%s at %s respondents (validate -q): %.3f s, %.1f× the CSV (%.3f s)%s; peak memory %.1f MiB (CSV: %.1f MiB).\n",
                    f, n, a, r, c, f == "xlsx" ? (r <= 3 ? "; target: at most 3×: met" : "; target: at most 3×: **not met**") : "",
                    ma / 1024, mc / 1024 }'
        done
    done
    for fmt in $formats; do
        ma=$(get "canyu-load-$fmt" 100000 4)
        mb=$(get "canyu-load-$fmt" 1000000 4)
        [ -n "$ma" ] && [ -n "$mb" ] && awk -v f="$fmt" -v a="$ma" -v b="$mb" 'BEGIN {
            printf "- Peak memory loading the .%s, 100,000 to 1,000,000 respondents: %.1f to %.1f MiB (×%.2f for ×10 the rows).\n",
                f, a / 1024, b / 1024, b / a }'
    done
    prev=""
    for n in $sizes; do
        if [ -n "$prev" ]; then
            awk -v a="$prev" -v b="$n" -v ca="$(commas "$prev")" -v cb="$(commas "$n")" -v ta="$(get canyu-json "$prev" 3)" -v tb="$(get canyu-json "$n" 3)" \
                -v ma="$(get canyu-json "$prev" 4)" -v mb="$(get canyu-json "$n" 4)" \
                -v pa="$(get parse "$prev" 3)" -v pb="$(get parse "$n" 3)" 'BEGIN {
                f = b / a
                printf "- Growth from %s to %s respondents (×%g): canyu time ×%.1f, peak memory ×%.1f; bare parse time ×%.1f (linear: ×%g)%s.\n",
                    ca, cb, f, tb / ta, mb / ma, pb / pa, f,
                    a == 1000000 && b == 10000000 ? (tb / ta <= 11 ? "; target for time: at most ×11: met" : "; target for time: at most ×11: **not met**") : "" }'
        fi
        prev=$n
    done
} > "$targets"

# Do the tools agree?  The Pearson chi-square of participant by age group.
agree=$work/agree.md
{
    for n in $sizes; do
        c=$(sed -n 's/.*"chi_square": *\([-0-9.eE+]*\).*/\1/p' "$work/out/canyu-$n.json" | head -1)
        line="- Pearson chi-square of participant × age group at $(commas "$n") respondents: canyu $c"
        if [ -n "$(get pspp "$n" 3)" ] && [ -n "$(get R "$n" 3)" ]; then
            p=$(awk -F'|' '/Pearson Chi-Square/ { gsub(/ /, "", $3); print $3; exit }' "$work/out/pspp-$n.txt")
            r=$(awk '/^chi_square / { print $2 }' "$work/out/r-$n.txt")
            line="$line, PSPP $p, R $r"
        fi
        echo "$line."
        for fmt in $formats; do
            f=$work/out/canyu-$n-$fmt.json
            [ -s "$f" ] || continue
            # everything but what names the input (its name, format, sheet and encoding)
            norm() { sed -e 's/"format": "[a-z]*"/"format": "F"/' -e 's/"sheet": .*[^,]\(,*\)$/"sheet": "S"\1/' \
                -e 's/"encoding": "[^"]*"/"encoding": "E"/' -e 's#"[^"]*boli-[0-9]*\.[a-z]*"#"FILE"#' "$1"; }
            if [ "$(norm "$f")" = "$(norm "$work/out/canyu-$n.json")" ]; then
                echo "- canyu's JSON from the .$fmt at $(commas "$n") respondents: the same as from the CSV, figure for figure."
            else
                echo "- canyu's JSON from the .$fmt at $(commas "$n") respondents: **differs** from the CSV's."
            fi
        done
        for t in R-xlsx R-sav pandas-xlsx; do
            o=$work/out/r-$n-${t#R-}.txt
            [ "$t" = pandas-xlsx ] && o=$work/out/pandas-$n.txt
            [ -s "$o" ] && [ -n "$(get "$t" "$n" 3)" ] &&
                echo "- $(label "$t") at $(commas "$n") respondents: chi-square $(awk '/^chi_square / { print $2 }' "$o")."
        done
    done
} > "$agree"

cmd="sh bench/run.sh"
[ -n "${MAKELEVEL:-}" ] && cmd="make bench"
envs="" val=""
for v in BENCH_10M BENCH_10M_ALL BENCH_SIZES BENCH_FORMATS BENCH_XLSX_1M_ALL BENCH_RUNS BENCH_MAX_LOAD BENCH_WAIT; do
    eval "val=\${$v:-}"
    case $val in
    "") ;;
    *" "*) envs="$envs$v=\"$val\" " ;;
    *) envs="$envs$v=$val " ;;
    esac
done
cmd="$envs$cmd"

model=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
ver() { "$@" 2>/dev/null | head -1; }

{
    echo "# canyu benchmark results"
    echo
    echo "Written by \`$cmd\` (bench/run.sh) on $date_start."
    echo
    echo "## Machine"
    echo
    echo "- CPUs (\`nproc\`): $ncpu; model (\`lscpu\`): $model; memory: $mem"
    echo "- $(uname -sr); load average (1, 5, 15 min) at the start: $load_start; at the end: $load_end"
    echo "- canyu $("$canyu" --version 2>/dev/null | head -1 | sed 's/^canyu //')" \
         "(source tree at the start: $src), $(ver "${CC:-cc}" --version);" \
         "libcsv $(dpkg-query -W -f='${Version}' libcsv3 2>/dev/null || echo '?')"
    echo "- $(ver pspp --version); $(ver R --version); $(ver datamash --version)"
    echo "- $(ver soffice --version); R readxl $(Rscript -e 'cat(format(packageVersion("readxl")))' 2>/dev/null)," \
         "haven $(Rscript -e 'cat(format(packageVersion("haven")))' 2>/dev/null);" \
         "pandas $([ -n "$pandas" ] && "$pandas" -c 'import pandas, openpyxl; print(pandas.__version__, "with openpyxl", openpyxl.__version__)' 2>/dev/null || echo 'not installed')"
    echo
    echo "## Results"
    echo
    echo "Synthetic surveys from \`canyu sample --seed $seed --year 2024 --respondents N\`" \
         "(29 columns, about 80 bytes a respondent), read from a warm page cache." \
         "Wall time is the shortest of $runs runs (on a shared machine, noise only adds time; up to two" \
         "more runs when they differ by over 20%; a run over ${repeat_max} s is not repeated)." \
         "$(awk -v o="$overhead" 'BEGIN { printf "The cost of the timing itself (%.0f ms, timing true(1)) is subtracted.", o * 1000 }')" \
         "Peak memory is the largest maximum resident set size (\`/usr/bin/time -f %M\`) of those runs." \
         "The last column is the 1-minute load average when the measurement started."
    echo
    cat "$table"
    echo
    echo "## Targets"
    echo
    cat "$targets"
    echo
    echo "## What each row runs"
    echo
    echo "- **bare libcsv parse**: \`bench/csvparse.c\` feeds the file to libcsv's \`csv_parse\` in 256 KiB" \
         "chunks, with canyu's parser options and callbacks that only count fields and records:" \
         "the floor for any libcsv-based loader."
    echo "- **canyu report**: the whole report (loading, validation, every statistic, rendering) with" \
         "\`-q\`; JSON, and the text report with \`--lang zh\`."
    echo "- **canyu validate -q**: loading and validation only (the data-quality checks included), no" \
         "statistics: the report's time less this one is what the statistics and rendering cost."
    echo "- **PSPP**: \`bench/analysis.sps\`: the same derived variables (age groups, participant," \
         "intensity, the three 0–100 indices with trust_selfish reversed and 9 missing) and" \
         "FREQUENCIES, CROSSTABS (chi-square, adjusted residuals, activities and barriers by age group)," \
         "DESCRIPTIVES, MEANS, RELIABILITY per scale, NPAR TESTS K-W by community and by age group," \
         "Spearman's rho as CORRELATIONS of RANKs (PSPP 1.6 does not implement NONPAR CORR) and" \
         "LOGISTIC REGRESSION. Default settings (WORKSPACE 64 MiB, so PSPP spills cases to a temporary file)."
    echo "- **R**: \`Rscript bench/analysis.R\`: \`read.csv\`, then \`table\`, \`prop.test\` (Wilson intervals)," \
         "\`chisq.test\`, means and SDs, Cronbach's alpha by formula with item-total statistics," \
         "\`kruskal.test\`, \`cor.test(method = \"spearman\")\` and \`glm(family = binomial)\`."
    echo "- **datamash**: only what it can do: count, mean and SD of one satisfaction item" \
         "(sat_environment) by community, \`datamash -s\` (it sorts through sort(1)). datamash splits at every" \
         "comma and line end and knows no missing codes, so awk first drops the header, the second lines of" \
         "multi-line comments and blank or 9 answers; the row times the whole pipeline."
    echo "- **.xlsx and .sav**: the same respondents (at up to 1,000,000) as an Excel workbook written by" \
         "LibreOffice Calc (\`samples/boli-xlsx.sh\`: \`soffice --headless --convert-to xlsx\`) and as an SPSS file" \
         "written by R haven (\`samples/boli-sav.R\`: \`write_sav\` with the codebook's labels and missing codes)." \
         "canyu reads the .sav with \`-c samples/codebook.csv\`, as it reads the CSV. **R readxl / haven**:" \
         "\`bench/analysis.R\` on the file, reading it with \`readxl::read_excel\` or \`haven::read_sav\` instead of" \
         "\`read.csv\`. **pandas**: \`bench/read_excel.py\`, \`pandas.read_excel\` (openpyxl) and the" \
         "participation rate and chi-square by age group. Rows whose writer or reader is not installed are skipped;" \
         "at 1,000,000 respondents R readxl and pandas on the .xlsx are skipped unless \`BENCH_XLSX_1M_ALL=1\`" \
         "(readxl holds the sheet's XML whole: about 1.7 GB at 100,000 respondents; pandas takes over a minute at 100,000)."
    case " $sizes " in
    *" 10000000 "*)
        [ "${BENCH_10M_ALL:-0}" = 1 ] ||
            echo "- At 10,000,000 respondents only the bare parse, canyu and datamash run" \
                 "(\`BENCH_10M_ALL=1\` adds PSPP and R: PSPP's Kruskal–Wallis alone grows about" \
                 "with the square of n, and R needs about 10 GB)."
        ;;
    esac
    echo
    echo "## Do the tools agree?"
    echo
    cat "$agree"
    if [ -s "$any_md" ]; then
        echo
        echo "## Any questionnaire"
        echo
        echo "bench/any-codebook.csv (19 columns: gender, age, community, two single and two" \
             "numeric questions, four participation items, two likert scales of 3 and 4 items)," \
             "data from \`awk -v n=N -v seed=$seed -f bench/any-gen.awk\`. Loading only is" \
             "bench/anyload.c (the codebook, every record loaded and checked, the data-quality" \
             "checks); \`canyu validate\` also runs the analysis, so it is not loading only."
        echo
        cat "$any_md"
    fi
} > "$results"

echo >&2
cat "$table"
echo
cat "$targets"
echo
cat "$agree"
echo
[ -s "$any_md" ] && { cat "$any_md"; echo; }
echo "bench: wrote $results" >&2
