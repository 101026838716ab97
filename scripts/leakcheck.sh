#!/bin/sh
# leakcheck.sh [BUILD]: every end-to-end test (tests/e2e*.sh) with canyu run
# under valgrind.  Any leak (definite, indirect or possible) or memory error
# fails, whatever the test expected of the exit code: valgrind writes each
# process's report to its own log, and every log must be empty.
#
# The tests run BUILD/canyu; here they get a BUILD of their own whose canyu is
# a wrapper that runs the real program under valgrind (the other entries link
# to the real BUILD, so `make install BUILD=...` in tests/e2e.sh still finds
# everything up to date).  CANYU_WRAPPER replaces the valgrind command;
# LEAKCHECK_TESTS (default tests/e2e*.sh) chooses the tests.
#
# valgrind runs with -v so that each log ends with its ERROR SUMMARY and
# says when the process died of a signal: a run that the signal tests
# (e2e-safety.sh) kill on purpose with SIGHUP, SIGINT or SIGTERM ends with
# memory in use that is no leak (a loading thread's stack and TLS, seen
# "possibly lost" whenever the signal lands while the thread runs; with -q
# nothing said that the run was killed, so the filter depended on timing).
# Such a run passes when its only errors are those leak records; any other
# error (an invalid read, an uninitialised value...) fails it like any run.
set -u
BUILD=${1:-build}
REAL=$(cd "$BUILD" && pwd)/canyu
[ -x "$REAL" ] || { echo "leakcheck: no $REAL (run make first)"; exit 1; }
command -v valgrind >/dev/null || { echo "leakcheck: valgrind is not installed"; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
LOGS=$W/logs
mkdir -p "$W/build" "$LOGS"
for e in "$BUILD"/*; do
    [ "$(basename "$e")" = canyu ] || ln -s "$(cd "$(dirname "$e")" && pwd)/$(basename "$e")" "$W/build/"
done
SUPP=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
WRAPPER=${CANYU_WRAPPER:-valgrind -v --error-exitcode=99 --suppressions=$SUPP --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --log-file=$LOGS/vg.%p.log}
cat >"$W/build/canyu" <<EOF
#!/bin/sh
exec $WRAPPER "$REAL" "\$@"
EOF
chmod +x "$W/build/canyu"

fail=0
for t in ${LEAKCHECK_TESTS:-tests/e2e*.sh}; do
    echo "== $t under valgrind"
    sh "$t" "$W/build" || fail=1
done

# named LOG: whether LOG names a memory error (not a leak).
named() {
    grep -q 'Invalid \(read\|write\|free\)\|uninitialised\|overlap\|Syscall param\|Mismatched free\|invalid address' "$1"
}

# clean LOG: whether valgrind's log LOG shows no leak and no memory error.
clean() {
    # the last summary: "ERROR SUMMARY: N errors from C contexts"
    contexts=$(sed -n 's/.*ERROR SUMMARY: [0-9]* errors from \([0-9]*\) contexts.*/\1/p' "$1" | tail -n 1)
    [ "$contexts" = 0 ] && return 0
    leaks=$(grep -c 'are \(definitely\|indirectly\|possibly\) lost in loss record' "$1")
    # no summary: valgrind was killed before it could write one
    [ -z "$contexts" ] && { [ "$leaks" -eq 0 ] && ! named "$1"; return; }
    # killed on purpose: its leak records are memory in use, no leaks
    grep -q 'Process terminating with default action of signal \(1\|2\|15\) ' "$1" &&
        [ "$contexts" -eq "$leaks" ] && ! named "$1"
}

runs=$(ls "$LOGS" | wc -l)
dirty=0 killed=0 held=0
for l in "$LOGS"/*; do
    [ -e "$l" ] || continue
    if clean "$l"; then
        if grep -q 'Process terminating with default action of signal' "$l"; then
            killed=$((killed + 1))
            grep -q 'lost in loss record' "$l" && held=$((held + 1))
        fi
        continue
    fi
    dirty=$((dirty + 1))
    echo "== valgrind: $l"
    grep -v '^--' "$l" | sed -n '/Command:/,$p' | grep -v 'used_suppression\|^==[0-9]*== *$' | head -n 40
done
if [ "$dirty" -ne 0 ]; then
    echo "leakcheck: $dirty of $runs runs of canyu had leaks or memory errors"
    fail=1
elif [ "$fail" -eq 0 ]; then
    echo "leakcheck: $runs runs of canyu, no leak, no memory error ($killed killed on purpose, $held of them with memory in use)"
fi
exit $fail
