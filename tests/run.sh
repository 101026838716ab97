#!/bin/sh
# Run every test: the cmocka unit tests built in BUILD/tests, then the
# end-to-end tests.  Prints one closing line "N passed, N failed".
BUILD=${1:-build}
pass=0 fail=0
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    echo "== $t"
    if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
if [ -f tests/e2e.sh ]; then
    echo "== tests/e2e.sh"
    if sh tests/e2e.sh "$BUILD"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: tests/e2e.sh"; fi
fi
echo "suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
