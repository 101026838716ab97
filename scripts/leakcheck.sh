#!/bin/sh
# leakcheck.sh [BUILD]: every end-to-end test (tests/e2e*.sh) with canyu run
# under valgrind.  Any leak (definite, indirect or possible) or memory error
# fails, whatever the test expected of the exit code: valgrind writes each
# process's report to its own log, and every log must be empty.
#
# The tests run BUILD/canyu; here they get a BUILD of their own whose canyu is
# a wrapper that runs the real program under valgrind (the other entries link
# to the real BUILD, so `make install BUILD=...` in tests/e2e.sh still finds
# everything up to date).  CANYU_WRAPPER replaces the valgrind command.
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
WRAPPER=${CANYU_WRAPPER:-valgrind -q --error-exitcode=99 --suppressions=$SUPP --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --log-file=$LOGS/vg.%p.log}
cat >"$W/build/canyu" <<EOF
#!/bin/sh
exec $WRAPPER "$REAL" "\$@"
EOF
chmod +x "$W/build/canyu"

fail=0
for t in tests/e2e*.sh; do
    echo "== $t under valgrind"
    sh "$t" "$W/build" || fail=1
done
runs=$(ls "$LOGS" | wc -l)
dirty=0
for l in "$LOGS"/*; do
    [ -s "$l" ] || continue
    # A run the signal tests (e2e-safety.sh) kill on purpose ends with its
    # threads' stacks and buffers in use: not leaks.
    grep -q 'Process terminating with default action of signal' "$l" && continue
    dirty=$((dirty + 1))
    echo "== valgrind: $l"
    head -n 40 "$l"
done
if [ "$dirty" -ne 0 ]; then
    echo "leakcheck: $dirty of $runs runs of canyu had leaks or memory errors"
    fail=1
elif [ "$fail" -eq 0 ]; then
    echo "leakcheck: $runs runs of canyu, no leak, no memory error"
fi
exit $fail
