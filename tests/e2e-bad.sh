#!/bin/sh
# End-to-end tests on bad input: every case in tests/bad/cases ends with its
# exit code and its message (never a crash, a sanitizer report or a hang), and
# every input that loads is accounted for record by record.  The large and
# binary inputs are generated here, into a temporary directory.
# Usage: tests/e2e-bad.sh [BUILD]
BUILD=${1:-build}
CANYU=$BUILD/canyu
B=tests/bad
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
show() { sed 's/^/  | /' "$1" | head -n 5 | cut -c1-300; }

# ## Generated inputs

S=samples/boli-2024.csv
HDR=$(head -n 1 $S) # the built-in codebook's 29 columns; the last, "comment", is free text
R2=$(sed -n 2p $S)  # records ending in an empty comment: "...,683,"
R3=$(sed -n 3p $S)
R4=$(sed -n 5p $S | sed 's/,71,/,150,/') # age 150: rejected
UTF8_WORDS='\346\204\217\350\247\201'    # 意见 in UTF-8
GB_WORDS='\322\342\274\373'              # 意见 in GB18030
CHUNK=262144                             # the loader's read size, 256 KiB

# xs N: N letters x
xs() { head -c "$1" /dev/zero | tr '\0' x; }

# straddle NAME EARLY CHAR OFFSET [END]: the header, then a record whose comment
# is EARLY (printf escapes: the encoding is decided there), x's, and CHAR (printf
# escapes) starting at byte OFFSET, then a second record.  With END the file
# stops at byte END, inside CHAR.
straddle() {
    f=$T/$1.csv
    { printf '%s\n%s' "$HDR" "$R2"; printf "$2"; } >"$f"
    n=$(($4 - $(wc -c <"$f")))
    { xs "$n"; printf "$3"; printf '\n%s\n' "$R3"; } >>"$f"
    if [ -n "${5:-}" ]; then head -c "$5" "$f" >"$f.cut" && mv "$f.cut" "$f"; fi
}

gen_all() {
    # a spreadsheet (zip) instead of CSV; bytes invalid in both encodings; UTF-16
    printf 'PK\003\004\024\000\006\000\010\000\000\000!\000' >"$T/survey.xlsx"
    # two records, both out of range (age 150): every record rejected
    { printf '%s\n%s\n' "$HDR" "$R4"; printf '%s\n' "$R4" | sed 's/^[^,]*,/other-id,/'; } >"$T/all-rejected.csv"
    printf '\200\377\376\201\060\201' >"$T/garbage.bin"
    { printf '\377\376'; head -n 3 $S | iconv -f UTF-8 -t UTF-16LE; } >"$T/utf16.csv"
    # a NUL byte in a quoted comment on line 3, and at the start of a codebook's line 5
    { printf '%s\n%s\n%s"a\000b"\n' "$HDR" "$R2" "$R3"; } >"$T/nul.csv"
    { head -n 4 samples/codebook.csv; printf '\000'; sed -n '5,$p' samples/codebook.csv; } >"$T/nul-codebook.csv"
    # the last character cut by the end of the file
    { printf '%s\n%s' "$HDR" "$R2"; printf "$UTF8_WORDS"'\345\217'; } >"$T/trunc-utf8-eof.csv"
    { printf '%s\n%s' "$HDR" "$R2"; printf "$GB_WORDS"'\262'; } >"$T/trunc-gb18030-eof.csv"
    # a character across the first 256 KiB chunk boundary: 参 (3 bytes in UTF-8,
    # 2 in GB18030) starting on the chunk's last byte, 𠀀 (4 bytes in GB18030)
    # two bytes before it, and in "late" the first non-ASCII character of the
    # file (the encoding is decided across the boundary)
    straddle straddle-utf8 "$UTF8_WORDS" '\345\217\202' $((CHUNK - 1))
    straddle straddle-utf8-late '' '\345\217\202' $((CHUNK - 2))
    straddle straddle-gb18030 "$GB_WORDS" '\262\316' $((CHUNK - 1))
    straddle straddle-gb18030-4 "$GB_WORDS" '\225\062\202\066' $((CHUNK - 2))
    # ... and the file ends at the boundary, inside that character
    straddle trunc-utf8-chunk "$UTF8_WORDS" '\345\217\202' $((CHUNK - 2)) $CHUNK
    straddle trunc-gb18030-chunk "$GB_WORDS" '\225\062\202\066' $((CHUNK - 2)) $CHUNK
    # a 1 MiB quoted comment holding a comma and a line end (lines 2-3), then a
    # good record (line 4) and a rejected one (line 5)
    { printf '%s\n%s"' "$HDR" "$R2"; xs 524288; printf ',\n'; xs 524286; printf '"\n%s\n%s\n' "$R3" "$R4"; } >"$T/field-1mb.csv"
    # 10,000 columns: the codebook's 29 and 9,971 it does not name
    {
        printf '%s' "$HDR"
        awk 'BEGIN { for (i = 30; i <= 10000; i++) printf ",x%d", i; print "" }'
        for r in "$R2" "$R3"; do
            printf '%s' "$r"
            head -c 9971 /dev/zero | tr '\0' ,
            echo
        done
    } >"$T/columns-10000.csv"
    # the README's limit of 1,048,576 fields a record: at it, and one more
    # (an x first: a record of empty fields only is blank, whatever its length)
    { printf '%s\nx' "$HDR"; head -c 1048575 /dev/zero | tr '\0' ,; echo; } >"$T/fields-max.csv"
    { printf '%s\n' "$HDR"; head -c 1048576 /dev/zero | tr '\0' ,; echo; } >"$T/fields-limit.csv"
    ln -s "$T/vanished.csv" "$T/dangling.csv"
    # blank records: a row of commas as spreadsheets leave, an empty line, a
    # CRLF empty line, a short row of commas, and a rejected record after them
    { printf '%s\n%s\n' "$HDR" "$R2"; head -c 28 /dev/zero | tr '\0' ,; printf '\n\n\r\n,,\n%s\n%s\n' "$R4" "$R3"; } >"$T/blank.csv"
}
gen_all

# The generated straddles really straddle: 参 is B2 CE in GB18030, split 1 + 1.
at=$(od -An -tx1 -j $((CHUNK - 1)) -N 2 "$T/straddle-gb18030.csv" | tr -d ' ')
if [ "$at" = b2ce ]; then ok; else bad "straddle-gb18030: bytes at the chunk boundary are '$at'"; fi

# ## Accounting

# count_records FILE: the CSV records in FILE, its header included, that are
# not blank.  A record starts on a line outside quotes.
# count_blank FILE: the blank records after the header: empty lines, and lines
# of only commas, spaces and tabs (canyu also trims U+3000; the files here
# have none).
count_records() {
    LC_ALL=C awk '{ sub(/\r$/, "") }
        !open && /^[ \t,]*$/ { next }
        { if (!open) n++; if (gsub(/"/, "&") % 2) open = !open }
        END { print n + 0 }' "$1"
}
count_blank() {
    LC_ALL=C awk '{ sub(/\r$/, "") }
        !open && /^[ \t,]*$/ { if (n) b++; next }
        { if (!open) n++; if (gsub(/"/, "&") % 2) open = !open }
        END { print b + 0 }' "$1"
}

# account NAME VALIDATE-ARGS...: the file (the last argument) has as many records
# as were read, blank ones included; read = loaded + rejected + blank; the
# --rejects file holds the rejected records, and they load again with the same
# options as that many records.
account() {
    name=$1
    shift
    data=
    for a in "$@"; do data=$a; done
    "$CANYU" validate -q --rejects "$T/rej.csv" "$@" >"$T/acc" 2>/dev/null
    # "N records read, L loaded, R rejected, B blank; ..."
    set -- $(tail -n 1 "$T/acc") x x x x x x
    read=$1 loaded=$4 rejected=$6
    blank=$(count_blank "$data")
    records=$(($(count_records "$data") - 1 + blank))
    inrej=$(($(count_records "$T/rej.csv") - 1))
    if [ "$read" = "$records" ] && [ $((loaded + rejected + blank)) -eq "$read" ] && [ "$inrej" -eq "$rejected" ]; then
        ok
    else
        bad "$name: accounting: $records records in the file ($blank blank); read $read, loaded $loaded, rejected $rejected; $inrej in --rejects"
    fi
}

# account_reload NAME OPTIONS...: the --rejects file of the last account loads again
# (options: the codebook) with every record in it read.
account_reload() {
    name=$1
    shift
    want=$rejected
    "$CANYU" validate -q "$@" "$T/rej.csv" >"$T/acc" 2>"$T/accerr"
    set -- $(tail -n 1 "$T/acc") x
    if [ "$1" = "$want" ]; then ok; else bad "$name: the --rejects file read back $1 records, not $want"; show "$T/accerr"; fi
}

# ## The cases

n_cases=0
while IFS= read -r line; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%%|*} rest=${line#*|}
    want=${rest%%|*} rest=${rest#*|}
    args=${rest%%|*} msg=${rest#*|}
    name=$(echo $name) want=$(echo $want) msg=${msg# }
    msg=$(printf '%s' "$msg" | sed "s|\\\$B|$B|g; s|\\\$T|$T|g")
    n_cases=$((n_cases + 1))
    eval "set -- $args"
    "$CANYU" "$@" >"$T/out" 2>"$T/err" </dev/null
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; show "$T/err"; fi
    if grep -q 'Sanitizer\|runtime error:\|Segmentation' "$T/err"; then bad "$name: sanitizer or crash"; show "$T/err"; fi
    case $msg in
    -) if [ -s "$T/err" ]; then bad "$name: unexpected standard error"; show "$T/err"; else ok; fi ;;
    canyu:*) if grep -qF -- "$msg" "$T/err"; then ok; else bad "$name: standard error lacks \"$msg\""; show "$T/err"; fi ;;
    *) if grep -qF -- "$msg" "$T/out"; then ok; else bad "$name: standard output lacks \"$msg\""; show "$T/out"; fi ;;
    esac
    # Whatever loaded is accounted for.
    if [ "$1" = validate ] && [ "$got" -le 1 ] && grep -q ' records read, ' "$T/out"; then
        shift
        account "$name" "$@"
        opts=
        [ "$1" = -c ] && opts="-c $2"
        # (A record at the field limit does not load again: --rejects adds
        # three columns to it.)
        [ "$name" = fields-max ] || account_reload "$name" $opts
    fi
done <$B/cases
if [ "$n_cases" -ge 50 ]; then ok; else bad "tests/bad/cases: only $n_cases cases read"; fi

# Blank records are read, neither loaded nor rejected.
account blank "$T/blank.csv"
if [ "$blank" -eq 4 ] && [ "$read" -eq 7 ] && [ "$loaded" -eq 2 ]; then ok; else bad "blank.csv: $blank blank of $read read, $loaded loaded"; fi

# The committed samples with rejected records, accounted the same way.
account platform -c samples/platform-codebook.csv samples/platform-export.csv
account_reload platform -c samples/platform-codebook.csv
account small-gb18030 -c tests/data/small-codebook.csv tests/data/small-gb18030.csv
account_reload small-gb18030 -c tests/data/small-codebook.csv

# Pooled files in different column orders: the --rejects file carries each
# record under its own file's headings, and loads again with the same
# codebook rejecting the same values in the same columns.
{ head -n 1 $S; sed -n 2,3p $S; sed -n 4p $S | sed 's/,80,/,150,/'; } >"$T/pool-a.csv"
# pool-b.csv: the columns in reverse order, one gender 7
{ head -n 1 $S; sed -n 5,6p $S; sed -n 7p $S | awk -F, 'BEGIN { OFS = "," } { $5 = 7; print }'; } |
    sed 's/^2024-/b-/' |
    awk -F, '{ for (i = NF; i >= 1; i--) printf "%s%s", $i, (i > 1 ? "," : "\n") }' >"$T/pool-b.csv"
if [ "$(awk -F, 'NF != 29' "$T/pool-b.csv" | wc -l)" -eq 0 ]; then ok; else bad "pool-b.csv: a record holds a quoted comma"; fi
"$CANYU" validate -q --rejects "$T/rej.csv" "$T/pool-a.csv" "$T/pool-b.csv" >"$T/out" 2>"$T/err"
# Each value under its own heading: the id, gender and age of both records.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { print $col["id"], $col["gender"], $col["age"] }' "$T/rej.csv" >"$T/placed"
printf '%s\n' '2024-0003 2 150' 'b-0006 7 69' >"$T/want"
if cmp -s "$T/placed" "$T/want"; then ok; else bad "pooled --rejects: values not under their headings"; show "$T/rej.csv"; fi
"$CANYU" validate "$T/rej.csv" >"$T/out" 2>"$T/err"
if grep -qF "rej.csv:2: column \"age\": value \"150\": outside 16..100" "$T/out" &&
    grep -qF "rej.csv:3: column \"gender\": value \"7\": not one of the listed answers" "$T/out" &&
    grep -qF '2 records read, 0 loaded, 2 rejected' "$T/out"; then ok; else
    bad "pooled --rejects: the rejects file does not load back as the same rejections"; show "$T/out"
fi

# The GB18030 straddle is read as GB18030, both records loaded.
"$CANYU" report -f json "$T/straddle-gb18030.csv" >"$T/out" 2>"$T/err"
if grep -qF '"encoding": "gb18030"' "$T/out" && grep -qF '"rows_loaded": 2' "$T/out"; then ok; else bad "straddle-gb18030: not loaded as GB18030"; show "$T/err"; fi

# Long values keep whole characters: every excluded record has its detail in
# the JSON (jansson drops a string that is not valid UTF-8).
"$CANYU" report -f json -c samples/platform-codebook.csv $B/long-values.csv >"$T/out" 2>"$T/err"
if [ "$(grep -c '"detail": "' "$T/out")" -eq 2 ]; then ok; else bad "long-values: a detail is missing from the JSON"; fi

# Standard output on a full disk is an error, not a silent truncation.
"$CANYU" validate samples/boli-2024.csv >/dev/full 2>"$T/err"
if [ $? -eq 1 ] && grep -qF 'canyu: write error on standard output' "$T/err"; then ok; else bad "validate >/dev/full"; show "$T/err"; fi
"$CANYU" report -f json samples/boli-2024.csv >/dev/full 2>"$T/err"
if [ $? -eq 1 ] && grep -qF 'canyu: write error on standard output' "$T/err"; then ok; else bad "report >/dev/full"; show "$T/err"; fi

# Writing to /dev/full wrote in place: it is still the device, not a file.
if [ -c /dev/full ]; then ok; else bad "/dev/full is no longer a character device"; fi
# A failed -o leaves no temporary file behind.
if [ -z "$(find "$B" "$T" -name '*.tmp*' 2>/dev/null)" ]; then ok; else bad "temporary output files left behind"; fi

echo "e2e-bad: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
