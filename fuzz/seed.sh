#!/bin/sh
# seed.sh DIR: write the fuzzers' seed corpora into DIR/{load,codebook,margins,bands,sav}
# from samples/, tests/data and tests/bad.  A load seed is a data file behind the
# three option bytes fuzz_load.c reads (built-in or platform codebook, chunk size);
# large files are cut to their first 40 lines, which keeps the fuzzers fast.
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir/load" "$dir/codebook" "$dir/margins" "$dir/bands" "$dir/sav"

# seed NAME PREFIX FILE: PREFIX (printf octal escapes) then FILE's first 40 lines
seed() {
    { printf "$2"; head -n 40 "$3"; } >"$dir/load/$1"
}
for f in samples/boli-2023.csv samples/boli-2024.csv tests/data/weighted.csv; do
    b=$(basename "$f" .csv)
    seed "$b" '\000\377\377' "$f"   # built-in codebook, 256 KiB chunks
    seed "$b-chunk7" '\000\006\000' "$f"
    seed "$b-render" '\200\377\377' "$f"
done
seed platform '\001\377\377' samples/platform-export.csv
seed platform-chunk3 '\001\002\000' samples/platform-export.csv
seed platform-lenient '\011\100\000' samples/platform-export.csv
# the end of the platform export holds its rejected records
{ printf '\001\377\377'; head -n 1 samples/platform-export.csv; tail -n 8 samples/platform-export.csv; } >"$dir/load/platform-tail"
seed platform-render '\201\377\377' samples/platform-export.csv
seed small-gb18030 '\000\001\000' tests/data/small-gb18030.csv
for f in tests/bad/*.csv; do
    [ -f "$f" ] || continue
    seed "bad-$(basename "$f" .csv)" '\000\377\377' "$f"
done

for f in samples/codebook.csv samples/platform-codebook.csv tests/data/*codebook*.csv tests/bad/*codebook*.csv; do
    [ -f "$f" ] && cp "$f" "$dir/codebook/$(echo "$f" | tr / _)"
done
iconv -f UTF-8 -t GB18030 samples/platform-codebook.csv >"$dir/codebook/platform-gb18030.csv"

for f in samples/margins.csv tests/bad/*margins*.csv; do
    [ -f "$f" ] && cp "$f" "$dir/margins/$(echo "$f" | tr / _)"
done

n=0
for b in '18-29,30-39,40-49,50-59,60-69,70-' '18-34,35-59,60-' '0-150' '60-' ' 18 - 34 , 35-' '30-20' '18-34,30-40' 'a-b'; do
    n=$((n + 1))
    printf '%s' "$b" >"$dir/bands/spec$n"
done
for f in tests/bad/*.bands; do
    [ -f "$f" ] && cp "$f" "$dir/bands/$(basename "$f")"
done
# a sav seed is the option byte fuzz_sav.c reads, then an SPSS or Stata file
for f in tests/data/sav/*; do
    b=$(basename "$f")
    { printf '\000'; cat "$f"; } >"$dir/sav/$b"
done
{ printf '\002'; cat tests/data/sav/gbk.sav; } >"$dir/sav/gbk-gb18030.sav"
{ printf '\034'; cat tests/data/sav/small.sav; } >"$dir/sav/small-stop3.sav"
exit 0
