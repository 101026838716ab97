#!/bin/sh
# End-to-end tests of what canyu promises about its outputs: an output that
# names an input is refused before anything is read or written (the input
# stays byte for byte as it was); an existing output keeps its permission
# bits; a signal leaves no temporary file behind and the program dies of
# it; a reader of standard output that goes away is no error; a very long
# field loads in bounded time.  Inputs are generated in a temporary directory.
# Usage: tests/e2e-safety.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
show() { sed 's/^/  | /' "$1" | head -n 5 | cut -c1-300; }

cp samples/boli-2024.csv "$T/d.csv"
cp samples/boli-2023.csv "$T/w23.csv"
cp samples/codebook.csv "$T/cb.csv"
cp samples/margins.csv "$T/m.csv"
cp samples/platform-export.csv "$T/p.csv"
ln "$T/d.csv" "$T/hard.csv"
ln -s d.csv "$T/soft.csv"
for f in d w23 cb m p; do cksum <"$T/$f.csv" >"$T/$f.sum"; done

# untouched NAME: every input is as it was, and no temporary file is left.
untouched() {
    for f in d w23 cb m p; do
        if cksum <"$T/$f.csv" | cmp -s - "$T/$f.sum"; then ok; else bad "$1: $f.csv was changed"; fi
    done
    if [ -z "$(find "$T" -name '*.tmp*')" ]; then ok; else bad "$1: a temporary file was left"; fi
}

# refused NAME MESSAGE CANYU-ARGS...: exit 2, MESSAGE on standard error,
# nothing on standard output, every input untouched.
refused() {
    name=$1 msg=$2
    shift 2
    "$CANYU" "$@" >"$T/out" 2>"$T/err" </dev/null
    rc=$?
    if [ "$rc" -eq 2 ]; then ok; else bad "$name: exit $rc, want 2"; show "$T/err"; fi
    if grep -qF -- "$msg" "$T/err"; then ok; else bad "$name: standard error lacks \"$msg\""; show "$T/err"; fi
    if [ -s "$T/out" ]; then bad "$name: output written"; show "$T/out"; else ok; fi
    untouched "$name"
}

# ## An output that names an input

refused "validate --rejects d.csv d.csv" \
    "canyu: validate: --rejects $T/d.csv is the same file as the input $T/d.csv: refusing to overwrite it" \
    validate --rejects "$T/d.csv" "$T/d.csv"
refused "report -o d.csv d.csv" "canyu: report: -o $T/d.csv is the same file as the input $T/d.csv" \
    report -o "$T/d.csv" "$T/d.csv"
refused "report -o, second of two inputs" "-o $T/d.csv is the same file as the input $T/d.csv" \
    report -o "$T/d.csv" "$T/w23.csv" "$T/d.csv"
refused "report --rejects d.csv" "--rejects $T/d.csv is the same file as the input" \
    report --rejects "$T/d.csv" "$T/d.csv"
refused "-c cb.csv -o cb.csv" "-o $T/cb.csv is the same file as the codebook $T/cb.csv" \
    report -c "$T/cb.csv" -o "$T/cb.csv" "$T/d.csv"
refused "validate -c cb.csv --rejects cb.csv" "--rejects $T/cb.csv is the same file as the codebook" \
    validate -c "$T/cb.csv" --rejects "$T/cb.csv" "$T/d.csv"
refused "--rake m.csv -o m.csv" "-o $T/m.csv is the same file as the margins file $T/m.csv" \
    report --rake "$T/m.csv" -o "$T/m.csv" "$T/d.csv"
refused "-o a hard link to the input" "-o $T/hard.csv is the same file as the input $T/d.csv" \
    report -o "$T/hard.csv" "$T/d.csv"
refused "-o the target of an input's symbolic link" "-o $T/d.csv is the same file as the input $T/soft.csv" \
    report -o "$T/d.csv" "$T/soft.csv"
refused "--rejects a symbolic link to the input" "--rejects $T/soft.csv is the same file as the input $T/d.csv" \
    validate --rejects "$T/soft.csv" "$T/d.csv"
refused "-o another spelling of the input" "is the same file as the input" \
    report -o "$T/../$(basename "$T")/d.csv" "$T/d.csv"
"$CANYU" report -o "$T/d.csv" - <"$T/d.csv" >/dev/null 2>"$T/err"
if [ $? -eq 2 ] && grep -qF -- "-o $T/d.csv is the same file as the input (standard input)" "$T/err"; then ok; else
    bad "report -o d.csv - <d.csv: not refused"
    show "$T/err"
fi
untouched "report -o d.csv - <d.csv"
refused "compare -o on a wave" "-o $T/w23.csv is the same file as the input $T/w23.csv" \
    compare -o "$T/w23.csv" "$T/w23.csv" "$T/d.csv"
refused "-o and --rejects, one new file" "-o $T/new.csv and --rejects $T/new.csv are the same file" \
    report -o "$T/new.csv" --rejects "$T/new.csv" "$T/d.csv"
refused "-o and --rejects, two spellings" "-o $T/./new.csv and --rejects $T/new.csv are the same file" \
    report -o "$T/./new.csv" --rejects "$T/new.csv" "$T/d.csv"
if [ -e "$T/new.csv" ]; then bad "-o and --rejects: new.csv was made"; else ok; fi

# A device is written in place, not replaced: /dev/null as input and output.
"$CANYU" validate -q --rejects /dev/null "$T/d.csv" >/dev/null 2>"$T/err"
if [ $? -eq 0 ]; then ok; else bad "--rejects /dev/null refused"; show "$T/err"; fi

# ## Permissions and modes

# A 0600 --rejects and -o file stays 0600; a 0640 one 0640.
for mode in 600 640; do
    : >"$T/rej.csv" && chmod $mode "$T/rej.csv"
    : >"$T/out.txt" && chmod $mode "$T/out.txt"
    "$CANYU" report -q -c samples/platform-codebook.csv --rejects "$T/rej.csv" -o "$T/out.txt" "$T/p.csv" 2>"$T/err"
    rc=$?
    if [ $rc -eq 0 ] && [ -s "$T/rej.csv" ] && [ -s "$T/out.txt" ]; then ok; else bad "mode $mode: exit $rc"; show "$T/err"; fi
    for f in rej.csv out.txt; do
        got=$(stat -c %a "$T/$f")
        if [ "$got" = $mode ]; then ok; else bad "$f: was $mode, now $got"; fi
    done
done
# A new output follows the umask.
rm -f "$T/new1.txt" "$T/new2.txt"
(umask 022 && "$CANYU" report -o "$T/new1.txt" "$T/d.csv")
(umask 077 && "$CANYU" validate -q --rejects "$T/new2.txt" "$T/d.csv" >/dev/null)
if [ "$(stat -c %a "$T/new1.txt")" = 644 ]; then ok; else bad "new -o under umask 022: $(stat -c %a "$T/new1.txt")"; fi
if [ "$(stat -c %a "$T/new2.txt")" = 600 ]; then ok; else bad "new --rejects under umask 077: $(stat -c %a "$T/new2.txt")"; fi
untouched "permissions"

# ## All or nothing

# A command that fails leaves no --rejects file (here: bad margins, after
# the rejects were written); --strict is a verdict on the data, and keeps it.
rm -f "$T/rej.csv"
"$CANYU" report -q -c samples/platform-codebook.csv --rake tests/bad/margins-sum.csv \
    --rejects "$T/rej.csv" -o "$T/out.txt" "$T/p.csv" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && grep -qF 'canyu: tests/bad/margins-sum.csv:2:' "$T/err"; then ok; else bad "bad margins: exit $rc"; show "$T/err"; fi
if [ -e "$T/rej.csv" ]; then bad "bad margins: --rejects written"; else ok; fi
"$CANYU" report -q -c samples/platform-codebook.csv --strict --rejects "$T/rej.csv" "$T/p.csv" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$T/rej.csv")" -eq 5 ] && [ ! -s "$T/out" ]; then ok; else bad "--strict: exit $rc, --rejects not kept"; show "$T/err"; fi
untouched "all or nothing"

# A file name that is not UTF-8 is in the JSON, with U+FFFD for the bad byte.
cp "$T/d.csv" "$T/$(printf '\377').csv"
"$CANYU" report -f json "$T/$(printf '\377').csv" >"$T/out" 2>"$T/err"
if grep -qF "\"$T/$(printf '\357\277\275').csv\"" "$T/out"; then ok; else bad "a file name not in UTF-8: not in the JSON"; show "$T/err"; fi
rm -f "$T/$(printf '\377').csv"

# ## A reader that goes away

# `canyu report | head -1`: one line, nothing on standard error, exit 0
# (also when SIGPIPE was ignored by whoever started canyu, so that the
# write fails with EPIPE instead).
for how in default ignored; do
    for fmt in text json; do
        {
            [ $how = ignored ] && trap '' PIPE
            "$CANYU" report -f $fmt samples/boli-2024.csv 2>"$T/err"
            echo $? >"$T/rc"
        } | head -n 1 >"$T/out"
        rc=$(cat "$T/rc")
        if [ "$rc" = 0 ] && [ ! -s "$T/err" ] && [ "$(wc -l <"$T/out")" -eq 1 ]; then ok; else
            bad "report -f $fmt | head -1 (SIGPIPE $how): exit $rc"
            show "$T/err"
        fi
    done
    # validate keeps its exit status (1: records were rejected).
    {
        [ $how = ignored ] && trap '' PIPE
        "$CANYU" validate -c samples/platform-codebook.csv samples/platform-export.csv 2>"$T/err"
        echo $? >"$T/rc"
    } | head -n 1 >/dev/null
    rc=$(cat "$T/rc")
    if [ "$rc" = 1 ] && [ ! -s "$T/err" ]; then ok; else bad "validate | head -1 (SIGPIPE $how): exit $rc"; show "$T/err"; fi
done

# ## Signals

# A large survey whose second half repeats the first: every record of the
# second half is rejected (a repeated id), so that writing --rejects, and
# the JSON that lists every excluded record, take a while.
"$CANYU" sample --respondents 200000 -o "$T/half.csv"
{ cat "$T/half.csv" && tail -n +2 "$T/half.csv"; } >"$T/big.csv"
rm -f "$T/half.csv"

# killed NAME SIGNAL OUT CANYU-ARGS...: start canyu, wait until OUT's
# temporary file appears, send SIGNAL; canyu must die of it (exit status
# 128 + its number) leaving neither OUT nor its temporary file.  Tried three
# times should canyu finish before the signal arrives.
killed() {
    name=$1 sig=$2 out=$3
    shift 3
    case $sig in HUP) num=1 ;; INT) num=2 ;; TERM) num=15 ;; esac
    tries=0
    while [ $tries -lt 3 ]; do
        tries=$((tries + 1))
        rm -f "$out" "$out".tmp*
        env --default-signal="$sig" "$CANYU" "$@" >/dev/null 2>"$T/err" &
        pid=$!
        i=0
        while [ $i -lt 3000 ] && [ -z "$(find "$T" -name "$(basename "$out").tmp*")" ] && kill -0 $pid 2>/dev/null; do
            sleep 0.01
            i=$((i + 1))
        done
        kill -s "$sig" $pid 2>/dev/null
        { wait $pid; } 2>/dev/null # the shell's "Terminated"
        rc=$?
        [ $rc -eq 0 ] || break
    done
    if [ $rc -eq $((128 + num)) ]; then ok; else bad "$name: exit $rc, want $((128 + num)) (killed by SIG$sig)"; show "$T/err"; fi
    if [ -z "$(find "$T" -name '*.tmp*')" ]; then ok; else bad "$name: temporary file left: $(find "$T" -name '*.tmp*')"; fi
    if [ -e "$out" ]; then bad "$name: $out was written"; else ok; fi
}

killed "validate --rejects, SIGTERM" TERM "$T/rej.csv" validate -q --rejects "$T/rej.csv" "$T/big.csv"
killed "validate --rejects, SIGINT" INT "$T/rej.csv" validate -q --rejects "$T/rej.csv" "$T/big.csv"
killed "validate --rejects, SIGHUP" HUP "$T/rej.csv" validate -q --rejects "$T/rej.csv" "$T/big.csv"
killed "report -o, SIGTERM" TERM "$T/r.json" report -q -f json -o "$T/r.json" "$T/big.csv"

# Killed while loading, before any output exists.
"$CANYU" report -q -o "$T/r.txt" "$T/big.csv" &
pid=$!
sleep 0.05
kill -TERM $pid
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 143 ] || [ $rc -eq 0 ]; then ok; else bad "report killed while loading: exit $rc"; fi
if [ -z "$(find "$T" -name '*.tmp*')" ]; then ok; else bad "report killed while loading: temporary file left"; fi
rm -f "$T/big.csv" "$T/r.txt"

# ## A very long field

# A 16 MiB quoted comment loads in seconds (libcsv grew its buffer 128 bytes
# at a time: quadratic, and minutes under sanitizers).
HDR=$(head -n 1 samples/boli-2024.csv)
R2=$(sed -n 2p samples/boli-2024.csv)
{ printf '%s\n%s"' "$HDR" "$R2" && head -c 16777216 /dev/zero | tr '\0' x && printf '"\n'; } >"$T/field.csv"
start=$(date +%s)
"$CANYU" validate -q "$T/field.csv" >"$T/out" 2>"$T/err"
rc=$?
took=$(($(date +%s) - start))
if [ $rc -eq 0 ] && grep -qF '1 records read, 1 loaded' "$T/out"; then ok; else bad "16 MiB field: exit $rc"; show "$T/err"; fi
if [ $took -le 20 ]; then ok; else bad "16 MiB field: took $took s"; fi

# canyu codebook DATA -o DATA would replace the survey with its draft
cp samples/boli-2024.csv "$T/draft-in.csv"
"$CANYU" codebook -o "$T/draft-in.csv" "$T/draft-in.csv" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok || bad "codebook -o its input: exit not 2"
cmp -s "$T/draft-in.csv" samples/boli-2024.csv && ok || bad "codebook -o its input: the input changed"
grep -q "is the same file as the input" "$T/err" && ok || bad "codebook -o its input: $(cat "$T/err")"

echo "e2e-safety: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
