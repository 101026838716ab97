#!/bin/sh
# seed.sh DIR: write the fuzzers' seed corpora into DIR/{load,codebook,margins,bands,sav,xlsx}
# from samples/, tests/data and tests/bad.  A load seed is a data file behind the
# three option bytes fuzz_load.c reads (built-in or platform codebook, chunk size);
# large files are cut to their first 40 lines, which keeps the fuzzers fast.
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir/load" "$dir/codebook" "$dir/margins" "$dir/bands" "$dir/sav" "$dir/xlsx"

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
# xlsx seeds: the small workbooks as they are (default chunks, 7-byte chunks), and
# their parts NUL-separated in fuzz_xlsx.c's order (unzipped when unzip is
# installed, and small enough), which fuzz_xlsx zips itself
parts='xl/workbook.xml xl/_rels/workbook.xml.rels xl/sharedStrings.xml xl/styles.xml
xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml _rels/.rels'
for f in tests/data/xlsx/*.xlsx; do
    # a large workbook (a 400 KB sheet) would slow every mutation of it
    [ -f "$f" ] && [ "$(wc -c <"$f")" -le 16384 ] || continue
    b=$(basename "$f" .xlsx)
    { printf '\000\377\377'; cat "$f"; } >"$dir/xlsx/$b"
    { printf '\000\006\000'; cat "$f"; } >"$dir/xlsx/$b-chunk7"
    command -v unzip >/dev/null || continue
    for flags in '\001\377\377' '\003\002\000' '\011\377\377'; do
        {
            printf "$flags"
            for p in $parts; do
                unzip -p "$f" "$p" 2>/dev/null || :
                printf '\000'
            done
        } >"$dir/xlsx/$b-parts"
        # fuzz_xlsx runs with -max_len=65536
        if [ "$(wc -c <"$dir/xlsx/$b-parts")" -gt 65536 ]; then
            rm "$dir/xlsx/$b-parts"
            break
        fi
        mv "$dir/xlsx/$b-parts" "$dir/xlsx/$b-parts-$(printf "$flags" | od -An -tx1 | tr -d ' ')"
    done
done
ns='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
rel='http://schemas.openxmlformats.org/officeDocument/2006/relationships'
{
    printf '\001\377\377'
    printf '<workbook %s><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/><sheet name="Sheet2" sheetId="2" r:id="rId2"/></sheets></workbook>\000' "$ns"
    printf '<Relationships><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>\000' "$rel" "$rel"
    printf '<sst %s><si><r><t>a</t></r><rPh><t>b</t></rPh></si><si><t>_x000D_</t></si></sst>\000' "$ns"
    printf '<styleSheet %s><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs></styleSheet>\000' "$ns"
    printf '<worksheet %s><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c t="inlineStr"><is><t>x</t></is></c></row><row><c s="1"><v>45000.5</v></c><c s="2"><v>0.1</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><v>s</v></c><c t="d"><v>2024-01-01T00:00:00Z</v></c></row></sheetData></worksheet>\000' "$ns"
    printf '<worksheet %s><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>\000' "$ns"
} >"$dir/xlsx/handmade"
exit 0
