#!/bin/sh
# run.sh BUILD SECONDS [TARGET...]: run each libFuzzer target in BUILD/fuzz for
# SECONDS, from the corpus it has grown so far (BUILD/fuzz/corpus/TARGET) and
# the seeds fuzz/seed.sh writes.  A crash, leak, timeout or broken check stops
# with the reproducing input in BUILD/fuzz/artifacts/ and exit 1.  One line per
# target: executions and coverage.
set -u
BUILD=$1 SECONDS_EACH=$2
shift 2
targets=${*:-load codebook margins bands sav xlsx}
F=$BUILD/fuzz
sh fuzz/seed.sh "$F/seed" || exit 1
mkdir -p "$F/artifacts"
fail=0
for t in $targets; do
    case $t in
    load | sav) max=32768 ;;
    codebook) max=8192 ;;
    margins) max=4096 ;;
    xlsx) max=65536 ;;
    *) max=256 ;;
    esac
    mkdir -p "$F/corpus/$t"
    dict=
    [ -f "fuzz/$t.dict" ] && dict=-dict=fuzz/$t.dict
    echo "== fuzz_$t: ${SECONDS_EACH}s"
    "$F/fuzz_$t" -max_total_time="$SECONDS_EACH" -max_len=$max -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$F/artifacts/$t-" $dict \
        "$F/corpus/$t" "$F/seed/$t" >"$F/$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$F/$t.log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$F/$t.log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "fuzz_$t: ok, ${runs:-?} executions, ${cov:-no coverage line}, corpus $(ls "$F/corpus/$t" | wc -l) files"
    else
        fail=1
        echo "FAILED: fuzz_$t (exit $rc); the input is in $F/artifacts/:"
        ls -t "$F/artifacts" | head -n 3 | sed "s|^|  $F/artifacts/|"
        grep -E 'ERROR|SUMMARY|check failed|: [a-z].*:[0-9]+: ' "$F/$t.log" | grep -v '^ *#[0-9]' | head -n 20 | sed 's/^/  | /'
    fi
done
exit $fail
