#!/bin/sh
# End-to-end tests of the limits on the small inputs, the codebook (-c) and
# the margins file (--rake): an endless stream or a file far too large is an
# error that names the file, at once, never a hang or an exhausted memory.
# Each run is under `timeout` where the system has it, so a hang fails.
# Usage: tests/e2e-limits.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
S=samples/boli-2024.csv
TIMEOUT=
command -v timeout >/dev/null && TIMEOUT="timeout 120"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
show() { sed 's/^/  | /' "$1" | head -n 5 | cut -c1-300; }

# expect NAME RC MESSAGE COMMAND...: COMMAND exits RC with MESSAGE (a fixed
# string) on standard error; MESSAGE "-": with nothing on standard error.
expect() {
    name=$1 want=$2 msg=$3
    shift 3
    $TIMEOUT "$@" </dev/null >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; show "$T/err"; fi
    if [ "$msg" = - ]; then
        if [ -s "$T/err" ]; then bad "$name: unexpected standard error"; show "$T/err"; else ok; fi
    elif grep -qF -- "$msg" "$T/err"; then ok; else bad "$name: standard error lacks \"$msg\""; show "$T/err"; fi
}

# endless_field HEADER: the header, then a quoted field that never ends
# (valid text: only the size stops it)
endless_field() {
    printf '%s\n"' "$1"
    yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | tr -d '\n'
}
# endless_blank HEADER: the header, then blank records for ever
endless_blank() {
    echo "$1"
    yes ,,
}
# endless_margins: a header, then the same margin for ever
endless_margins() {
    echo variable,category,share
    yes 'gender,男,0.5'
}

# stream PRODUCER ARG: start PRODUCER ARG writing into the FIFO $T/fifo (a
# pipe into expect would run expect in a subshell); unstream ends it.
mkfifo "$T/fifo"
stream() {
    "$1" "$2" >"$T/fifo" 2>/dev/null &
    producer=$!
}
unstream() {
    kill "$producer" 2>/dev/null
    wait "$producer" 2>/dev/null
    # a producer that never opened the FIFO is blocked in open(): unblock it
    : <>"$T/fifo" 2>/dev/null
}

# ## The codebook

expect "codebook /dev/zero" 1 "canyu: /dev/zero: the codebook is larger than 64 MiB" \
    "$CANYU" validate -c /dev/zero $S
stream endless_field column,role
expect "codebook endless stream" 1 "canyu: $T/fifo: the codebook is larger than 64 MiB" \
    "$CANYU" validate -c "$T/fifo" $S
unstream
# A regular file says its size: refused before it is read (sparse: no disk used).
truncate -s 65M "$T/big-codebook.csv"
expect "codebook 65 MiB" 1 "canyu: $T/big-codebook.csv: the codebook is larger than 64 MiB" \
    "$CANYU" validate -c "$T/big-codebook.csv" $S
# At the limit: read, then judged on what it holds (here, nothing but NULs).
truncate -s 64M "$T/limit-codebook.csv"
expect "codebook 64 MiB" 1 "canyu: $T/limit-codebook.csv:1: a NUL byte" \
    "$CANYU" validate -c "$T/limit-codebook.csv" $S

# Fields in a codebook row: 1,024 at most (a codebook has ten columns).
# widen N: the built-in codebook with its line 4 (ten fields) N fields wide.
widen() {
    head -n 3 samples/codebook.csv
    sed -n 4p samples/codebook.csv | tr -d '\n'
    head -c $(($1 - 10)) /dev/zero | tr '\0' ,
    echo
    sed -n '5,$p' samples/codebook.csv
}
widen 1024 >"$T/cb-1024.csv"
widen 1025 >"$T/cb-1025.csv"
if [ "$(sed -n 4p "$T/cb-1024.csv" | awk -F, '{ print NF }')" -eq 1024 ]; then ok; else bad "cb-1024.csv: line 4 is not 1,024 fields"; fi
expect "codebook row of 1024 fields" 0 - "$CANYU" validate -q -c "$T/cb-1024.csv" $S
expect "codebook row of 1025 fields" 1 "canyu: $T/cb-1025.csv:4: more than 1024 fields in a codebook row" \
    "$CANYU" validate -c "$T/cb-1025.csv" $S

# Columns described: 1,048,576 at most (a data record holds no more).
awk 'BEGIN { print "column,role"; for (i = 1; i <= 1048577; i++) print "q" i ",text" }' >"$T/cb-columns.csv"
expect "codebook of 1048577 columns" 1 \
    "canyu: $T/cb-columns.csv:1048578: the codebook describes more than 1048576 columns" \
    "$CANYU" validate -c "$T/cb-columns.csv" $S

# ## The margins file

expect "margins /dev/zero" 1 "canyu: /dev/zero:1: a NUL byte" "$CANYU" report --rake /dev/zero $S
# (Endless blank records, which a margins file may hold: only the size stops
# them.  Not one endless field: libcsv grows a field 128 bytes at a time,
# which takes minutes under AddressSanitizer.)
stream endless_blank variable,category,share
expect "margins endless stream" 1 "canyu: $T/fifo: larger than 64 MiB: too large for a margins file" \
    "$CANYU" report --rake "$T/fifo" $S
unstream
truncate -s 65M "$T/big-margins.csv"
expect "margins 65 MiB" 1 "canyu: $T/big-margins.csv: larger than 64 MiB: too large for a margins file" \
    "$CANYU" report --rake "$T/big-margins.csv" $S
# An endless stream of well-formed margins stops at 65,536 margins.
stream endless_margins
expect "margins endless margins" 1 "canyu: $T/fifo:65538: more than 65536 margins: too many for a margins file" \
    "$CANYU" report --rake "$T/fifo" $S
unstream
# 65,536 margins are read (and their shares checked: gender's sum to 32768).
{ echo variable,category,share; yes 'gender,男,0.5' | head -n 65536; } >"$T/margins-65536.csv"
expect "margins 65536" 1 "canyu: $T/margins-65536.csv:2: the shares of gender sum to 32768, not 1" \
    "$CANYU" report --rake "$T/margins-65536.csv" $S
# The first variable whose shares do not sum to 1 is named, in file order.
printf 'variable,category,share\ngender,男,0.5\nage_group,18-29,0.5\ngender,女,0.5\nage_group,30-,0.4\n' >"$T/margins-order.csv"
expect "margins sums in order" 1 "canyu: $T/margins-order.csv:3: the shares of age_group sum to 0.9, not 1" \
    "$CANYU" report --rake "$T/margins-order.csv" $S

echo "e2e-limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
