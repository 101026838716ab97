#!/bin/sh
# Run every test: the cmocka unit tests built in BUILD/tests, then each
# end-to-end script tests/e2e*.sh.  Prints one closing line "N passed, N failed".
BUILD=${1:-build}
pass=0 fail=0
for t in "$BUILD"/tests/test_* tests/e2e*.sh; do
    case $t in
    *.sh) [ -f "$t" ] || continue; run="sh $t $BUILD" ;;
    *) [ -x "$t" ] || continue; run=$t ;;
    esac
    echo "== $t"
    if $run; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
