#!/bin/sh
# The fault loop of tests/fault.sh, sampled so that `make check` stays quick:
# about 200 allocation failures per command, spread over all of its
# allocations, and every read and write failure.  `make faultcheck` (run by
# CI) fails every allocation in turn.  A sanitizer build is skipped: its
# runtime must come before any LD_PRELOAD shim, and so is a canyu wrapped
# in valgrind (make leakcheck).
# Usage: tests/e2e-fault.sh [BUILD]
BUILD=${1:-build}
if ldd "$BUILD/canyu" 2>/dev/null | grep -q 'libasan'; then
    echo "e2e-fault: 0 passed, 0 failed (a sanitizer build: make faultcheck runs the loop)"
    exit 0
fi
# Under make leakcheck canyu is a script that runs it under valgrind: a
# thousand runs each under valgrind would take the better part of an hour.
if ! head -c 4 "$BUILD/canyu" | grep -q 'ELF'; then
    echo "e2e-fault: 0 passed, 0 failed (canyu is wrapped: make faultcheck runs the loop)"
    exit 0
fi
if [ ! -f "$BUILD/tests/fault.so" ]; then
    echo "e2e-fault: $BUILD/tests/fault.so missing (make $BUILD/tests/fault.so)"
    echo "e2e-fault: 0 passed, 1 failed"
    exit 1
fi
out=$(FAULT_MAX_RUNS=${FAULT_MAX_RUNS:-200} sh tests/fault.sh "$BUILD" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^fault:|WRONG' | head -n 40
if [ $rc -eq 0 ]; then
    echo "e2e-fault: 1 passed, 0 failed"
else
    echo "e2e-fault: 0 passed, 1 failed"
fi
exit $rc
