#!/bin/sh
# Fault injection, SQLite's way: each command below is run once without a
# fault (the reference), then once with the 1st allocation failing, once
# with the 2nd, ... until a run ends without reaching its fault; then the
# same with the Nth read failing, and with every output file (standard
# output included) cut at K bytes as by a full disk.  Every faulted run must
# either finish exactly as the reference did (same exit status, same
# standard output and error, the same output files byte for byte: the
# failure was recovered from) or fail: exit 1, a "canyu: " message on
# standard error that the reference did not print, no -o or --rejects file
# and no temporary file left.  Anything else, a crash included, is a wrong
# run, listed with the stack of the call that failed.
#
# Usage: tests/fault.sh [BUILD] [COMMAND...]   (COMMAND: a case name below;
#        default all).  The shim is BUILD/tests/fault.so (make faultcheck
#        builds it).  FAULT_MAX_RUNS (default 5000) bounds each loop: a
#        command with more allocations than that is sampled, every k-th
#        allocation failing, and the closing lines say so.
#        FAULT_KEEP=DIR keeps the wrong runs' files there; FAULT_LIST (default
#        25) is how many wrong runs of a command are listed with their stack.
BUILD=${1:-build}
[ $# -gt 0 ] && shift
CANYU=$BUILD/canyu
SHIM=$(cd "$(dirname "$BUILD/tests/fault.so")" && pwd)/fault.so
MAX_RUNS=${FAULT_MAX_RUNS:-5000}
[ -x "$CANYU" ] || { echo "fault: no $CANYU (run make)"; exit 1; }
[ -f "$SHIM" ] || { echo "fault: no $SHIM (run make faultcheck)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
trap 'rm -rf "$T"; exit 1' INT TERM HUP
# A copy: a rebuild during the loops does not change the program under test.
cp "$CANYU" "$T/canyu" && CANYU=$T/canyu
export LC_ALL=C.UTF-8
unset COLUMNS LANG LC_MESSAGES
total_wrong=0
only=" $* "

# Small inputs: 60 respondents of each sample year, a survey with rejected
# records in GB18030, the questionnaire of tests/data/any-* (every role of
# any questionnaire, grouped by a single question), and the 2024 sample as
# an xlsx workbook (read by the xlsx reader, drafted from).
head -n 61 samples/boli-2024.csv >"$T/s24.csv"
head -n 61 samples/boli-2023.csv >"$T/s23.csv"

# The cases: NAME|canyu's arguments (@O@ is the directory where the run's
# outputs go).
cases='report-json|report -f json -o @O@/out '"$T"'/s24.csv
report-text|report -o @O@/out '"$T"'/s24.csv
report-csv|report -f csv -o @O@/out '"$T"'/s24.csv
report-rake|report -f json --rake samples/margins.csv -o @O@/out '"$T"'/s24.csv
report-by|report --by gender,community -o @O@/out '"$T"'/s24.csv
validate-rejects|validate --rejects @O@/rej.csv -c tests/data/small-codebook.csv tests/data/small-gb18030.csv
compare-text|compare -o @O@/out '"$T"'/s23.csv '"$T"'/s24.csv
compare-json|compare -f json -o @O@/out '"$T"'/s23.csv '"$T"'/s24.csv
report-html|report -f html -o @O@/out '"$T"'/s24.csv
codebook-draft|codebook -o @O@/out '"$T"'/s24.csv
report-any-json|report -f json -c tests/data/any-codebook.csv --by 住房 -o @O@/out tests/data/any-data.csv
report-any-text|report -c tests/data/any-codebook.csv --by 住房 -o @O@/out tests/data/any-data.csv
report-xlsx|report -f json -o @O@/out samples/boli-2024.xlsx
codebook-xlsx|codebook -o @O@/out samples/boli-2024.xlsx'

# Not report -f xlsx: libxlsxwriter 1.1.4 does not survive a failed
# allocation (worksheet_write_number dereferences the NULL it got from
# _new_number_cell; _chart_set_range drops a chart's range silently), and its
# workbooks carry the time they were written, so two runs never match.

# A run's outputs go to $O, its streams and the shim's log to $IO.  The
# loops run thousands of times: the shell's builtins do the work where they
# can, and a run starts few processes.
O=$T/o IO=$T/io
mkdir -p "$O" "$IO"

# run alloc|read|write|ref|trace N: run the case's command with that fault;
# sets rc.  Standard error goes through a pipe under FAULT_WRITE_AFTER,
# which limits regular files.
run() {
    mode=$1 nth=$2
    set -- "$O"/*
    [ -e "$1" ] && rm -f "$@"
    : >"$IO/log"
    set -- "$mode" "$nth"
    case $1 in
    alloc) FAULT_NTH=$2 FAULT_LOG=$IO/log LD_PRELOAD=$SHIM $CANYU $args </dev/null >"$IO/stdout" 2>"$IO/stderr" ;;
    read) FAULT_READ_NTH=$2 LD_PRELOAD=$SHIM $CANYU $args </dev/null >"$IO/stdout" 2>"$IO/stderr" ;;
    ref) FAULT_LOG=$IO/log LD_PRELOAD=$SHIM $CANYU $args </dev/null >"$IO/stdout" 2>"$IO/stderr" ;;
    trace) eval "$2" FAULT_BACKTRACE=1 FAULT_LOG=\$IO/log LD_PRELOAD=\$SHIM \$CANYU \$args \
        </dev/null >/dev/null 2>&1 ;;
    write)
        {
            FAULT_WRITE_AFTER=$2 LD_PRELOAD=$SHIM $CANYU $args </dev/null
            echo $? >"$IO/rc"
        } 2>&1 >"$IO/stdout" | cat >"$IO/stderr"
        read -r rc <"$IO/rc"
        return
        ;;
    esac
    rc=$?
}

# The names of the files in $O, on one line.
outputs() {
    names=
    for f in "$O"/*; do [ -e "$f" ] && names="$names ${f##*/}"; done
}

# judge: sets verdict to same (exactly as the reference), error (a clean
# failure) or wrong, and why.
judge() {
    why=
    outputs
    if [ "$rc" -gt 128 ]; then
        verdict=wrong why="crashed (exit $rc)"
        return
    fi
    if [ "$rc" -eq 1 ] && [ -z "$names" ]; then
        if [ -s "$R/stderr" ]; then
            grep -vxF -f "$R/stderr" "$IO/stderr" | grep -q '^canyu: ' && verdict=error && return
        else
            grep -q '^canyu: ' "$IO/stderr" && verdict=error && return
        fi
    fi
    if [ "$rc" -eq "$ref_rc" ] && [ "$names" = "$ref_names" ] && cmp -s "$IO/stdout" "$R/stdout" &&
        cmp -s "$IO/stderr" "$R/stderr"; then
        verdict=same
        for f in $names; do
            cmp -s "$O/$f" "$R/o/$f" || verdict=wrong why="exit $rc as the reference, but $f differs"
        done
        return
    fi
    verdict=wrong
    if [ "$rc" -ne 1 ] && [ "$rc" -ne "$ref_rc" ]; then
        why="exit $rc (the reference: $ref_rc)"
    elif [ "$rc" -eq 1 ] && [ -n "$names" ]; then
        why="exit 1 but left$names"
    elif [ "$rc" -eq 1 ]; then
        why="exit 1 without a message"
    else
        why="exit $rc as the reference, but not the same output"
    fi
    cmp -s "$IO/stdout" "$R/stdout" || why="$why; standard output differs"
    for f in $names; do
        [ -f "$R/o/$f" ] && ! cmp -s "$O/$f" "$R/o/$f" && why="$why; $f differs"
    done
}

# stack FAULT: the stack of the call that failed, canyu's frames named by
# addr2line, on one line.
stack() {
    run trace "$1"
    sed -n 's/.*canyu(+\(0x[0-9a-f]*\)).*/\1/p' "$IO/log" | head -n 8 |
        while read -r a; do
            # the return address is the instruction after the call
            addr2line -f -s -e "$CANYU" "$(printf '0x%x' $((a - 1)))" | paste -sd' ' -
        done | awk '{ printf "%s%s (%s)", (NR > 1 ? " < " : ""), $1, $2 }'
}

# wrong_run FAULT: count and describe a wrong run.
wrong_run() {
    wrong=$((wrong + 1))
    if [ -n "${FAULT_KEEP:-}" ]; then
        k=$FAULT_KEEP/$name-$(echo "$1" | tr '=' '-')
        mkdir -p "$k" && cp -r "$O" "$IO" "$k/"
    fi
    if [ "$wrong" -le "${FAULT_LIST:-25}" ]; then
        echo "  WRONG $name $1: $why"
        echo "    at: $(stack "$1")"
    fi
}

for line in $(printf '%s\n' "$cases" | tr ' ' '\001'); do
    line=$(printf '%s' "$line" | tr '\001' ' ')
    name=${line%%|*} cmd=${line#*|}
    case $only in "  " | *" $name "*) ;; *) continue ;; esac
    args=$(printf '%s' "$cmd" | sed "s|@O@|$O|g")
    R=$T/ref
    start=$(date +%s)
    run ref 0
    ref_rc=$rc
    read -r _ allocs _ nreads _ _ <"$IO/log"
    rm -rf "$R" && mkdir -p "$R/o"
    cp "$IO/stdout" "$IO/stderr" "$R/"
    outputs
    ref_names=$names
    for f in $names; do cp "$O/$f" "$R/o/"; done
    if [ "$ref_rc" -gt 1 ] || [ -z "$allocs" ]; then
        echo "fault: $name: the reference run failed (exit $ref_rc)"
        sed 's/^/  | /' "$R/stderr"
        total_wrong=$((total_wrong + 1))
        continue
    fi
    wrong=0

    # Allocations: N = 1, 1 + k, 1 + 2k, ... until a run reaches no fault.
    step=$(((allocs + MAX_RUNS - 1) / MAX_RUNS))
    n=1 runs=0 same=0 errs=0
    while :; do
        run alloc $n
        runs=$((runs + 1))
        fired=
        read -r _ _ _ _ _ fired <"$IO/log"
        judge
        case $verdict in
        same) same=$((same + 1)) ;;
        error) errs=$((errs + 1)) ;;
        wrong) wrong_run FAULT_NTH=$n ;;
        esac
        [ "$fired" = 0 ] && break
        if [ $n -gt $((allocs * 2 + 100)) ]; then
            echo "  $name: still faulting at allocation $n of $allocs; stopped"
            wrong=$((wrong + 1))
            break
        fi
        n=$((n + step))
    done
    sampled=
    [ "$step" -gt 1 ] && sampled=", sampled: one in $step failing"
    alloc_line="$runs allocation runs ($allocs allocations$sampled): $errs failed cleanly, $same recovered, $wrong wrong"
    alloc_wrong=$wrong

    # Reads: N = 1, 2, ... reads + 1.
    rruns=0
    n=1
    while [ $n -le $((nreads + 1)) ]; do
        run read $n
        rruns=$((rruns + 1))
        judge
        [ "$verdict" = wrong ] && wrong_run FAULT_READ_NTH=$n
        n=$((n + 1))
    done
    read_wrong=$((wrong - alloc_wrong))

    # Writes: every output cut at K bytes, K = 0, 1, then either side of
    # each 4 KiB (stdio's buffer), up to the largest output's size.
    big=$(wc -c <"$R/stdout")
    for f in $ref_names; do
        s=$(wc -c <"$R/o/$f")
        [ "$s" -gt "$big" ] && big=$s
    done
    ks="0 1"
    k=4096
    while [ $k -le "$big" ]; do
        ks="$ks $((k - 1)) $k $((k + 1))"
        k=$((k + 4096))
    done
    ks="$ks $((big - 1)) $big"
    wruns=0
    for k in $ks; do
        [ "$k" -ge 0 ] || continue
        run write "$k"
        wruns=$((wruns + 1))
        judge
        if [ "$k" -eq "$big" ] && [ "$verdict" != same ]; then
            why="not cut, yet not as the reference: $why"
            verdict=wrong
        fi
        [ "$verdict" = wrong ] && wrong_run FAULT_WRITE_AFTER=$k
    done

    took=$(($(date +%s) - start))
    echo "fault: $name: $alloc_line; $rruns read runs, $read_wrong wrong; $wruns write runs, $((wrong - alloc_wrong - read_wrong)) wrong; $took s"
    total_wrong=$((total_wrong + wrong))
done

echo "fault: $total_wrong wrong runs"
[ "$total_wrong" -eq 0 ]
