#!/bin/sh
# embed.sh NAME FILE: write a C file defining `const char *const NAME`
# (NUL-terminated) and `const unsigned long NAME_len` with FILE's bytes.
set -eu
name=$1 file=$2
printf '/* Generated from %s by scripts/embed.sh; do not edit. */\n' "$file"
printf 'extern const char *const %s;\nextern const unsigned long %s_len;\n' "$name" "$name"
printf 'static const unsigned char bytes[] = {\n'
od -An -v -tx1 "$file" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^/  /'
printf '  0x00\n};\nconst char *const %s = (const char *)bytes;\n' "$name"
printf 'const unsigned long %s_len = sizeof bytes - 1;\n' "$name"
