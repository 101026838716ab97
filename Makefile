# canyu — build, test and run.  A task runner; the real work is in the sources.
#   make          build build/canyu and build/libcanyu.a
#   make run      install what is missing, build, print the report on the Boli County sample
#   make check    install what is missing, build, run every test
#   make asan     the unit and end-to-end tests under AddressSanitizer + UBSan
#   make lint     layering rules (stats/ never includes report/, ...)
#   make look     the HTML reports rendered by a browser, as PNGs and A4 PDFs in build/look
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build
PKGS     = gsl jansson libutf8proc libzip expat xlsxwriter freexl
# libcsv and ReadStat ship no .pc file on Debian: -lcsv and -lreadstat.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -ljansson -lutf8proc -lzip -lexpat -lxlsxwriter -lz -lfreexl) -lreadstat -lcsv -lm

WARN    = -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -I. $(PKG_CFLAGS)
LDFLAGS ?=
ALL_LDFLAGS = -pthread $(LDFLAGS) $(EXTRA_LDFLAGS)

LIB_SRC  = $(wildcard survey/*.c stats/*.c analysis/*.c report/*.c)
CLI_SRC  = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/test_*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/codebook_default.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
HDRS     = $(wildcard survey/*.h stats/*.h analysis/*.h report/*.h cli/*.h tests/*.h)

.PHONY: all run check test deps asan lint install clean bench look faultcheck
all: $(BUILD)/canyu $(TESTS) $(BUILD)/tests/fault.so

deps:
	@sh scripts/deps.sh build

# V=1 shows the full commands.
Q = $(if $(V),,@)

$(BUILD)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

# The default codebook is compiled into the program from samples/codebook.csv.
$(BUILD)/gen/codebook_default.c: samples/codebook.csv scripts/embed.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed.sh survey_codebook_default_csv $< > $@
$(BUILD)/gen/codebook_default.o: $(BUILD)/gen/codebook_default.c
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libcanyu.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/canyu: $(CLI_OBJ) $(BUILD)/libcanyu.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcanyu.a $(ALL_LDFLAGS) $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libcanyu.a $(HDRS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcanyu.a $(ALL_LDFLAGS) $(PKG_LIBS) -lcmocka

# make faultcheck: tests/fault.sh, every allocation, read and write of a few
# small commands made to fail in turn (an LD_PRELOAD shim, tests/fault/).
$(BUILD)/tests/fault.so: tests/fault/fault.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $@")
	$(Q)$(CC) -std=c11 $(WARN) -O1 -g -fPIC -shared -o $@ $< -ldl

faultcheck: deps
	@$(MAKE) -s $(BUILD)/canyu $(BUILD)/tests/fault.so
	@sh tests/fault.sh $(BUILD)

run: deps
	@$(MAKE) -s $(BUILD)/canyu
	$(BUILD)/canyu report samples/boli-2024.csv

test: all
	@sh tests/run.sh $(BUILD)

check: deps
	@$(MAKE) -s all
	@sh tests/run.sh $(BUILD)

asan: deps
	@$(MAKE) -s BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		EXTRA_LDFLAGS="-fsanitize=address,undefined" all
	@sh tests/run.sh build-asan

# The layering, one grep a rule: stats/ includes no other canyu header;
# survey/ and analysis/ never include report/; report/ never includes
# survey/; no module (nor cli/) includes another module's *_internal.h (the
# white-box tests and fuzz targets may); only survey/csv*.c sees libcsv;
# library code neither prints nor exits; report/'s Chinese (any CJK character)
# is in its catalogue, messages.c, alone.
lint:
	@! grep -n '#include "' stats/*.c stats/*.h | grep -v '#include "stats/' || { echo "lint: stats/ includes another canyu header"; exit 1; }
	@! grep -n '#include "report/' survey/*.[ch] analysis/*.[ch] || { echo "lint: survey/ or analysis/ includes report/"; exit 1; }
	@! grep -n '#include "survey/' report/*.[ch] || { echo "lint: report/ includes survey/ (it reads results, never a survey)"; exit 1; }
	@for m in survey stats analysis report cli; do \
		! grep -n '#include "[a-z]*/[a-z]*_internal.h"' $$m/*.[ch] | grep -v "#include \"$$m/" || { echo "lint: $$m/ includes another module's internal header"; exit 1; }; \
	done
	@! grep -n '#include <csv.h>' $$(ls survey/*.c stats/*.c analysis/*.c report/*.c cli/*.c | grep -v '^survey/csv') || { echo "lint: only survey/csv*.c may include <csv.h>"; exit 1; }
	@! grep -nE '\b(printf|puts|exit)\(' stats/*.c survey/*.c analysis/*.c report/*.c || { echo "lint: library code prints or exits"; exit 1; }
	@! LC_ALL=C grep -nP '[\xe3-\xe9]|\xef[\xbc-\xbf]' $$(ls report/*.c | grep -v '^report/messages\.c$$') || { echo "lint: CJK text in report/ outside messages.c (the catalogue)"; exit 1; }
	@if command -v clang >/dev/null; then \
		printf '%s\n' $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) | xargs -P 2 -n 8 \
			clang -fsyntax-only -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARN) -I. \
			-I$(BUILD) $(PKG_CFLAGS) || { echo "lint: clang warns (make fuzz builds with clang)"; exit 1; }; \
	else echo "lint: no clang: its warnings not checked (apt-get install clang)"; fi
	@echo "lint: ok"

# The benchmark (bench/): canyu against a bare libcsv parse, PSPP, R and
# datamash; installs those tools, writes bench/RESULTS.md.  BENCH_10M=1 adds
# 10 million respondents (bench/run.sh lists the other settings).
bench: deps
	@$(MAKE) -s $(BUILD)/canyu
	@CC="$(CC)" sh bench/run.sh $(BUILD)

# The HTML report and a three-wave comparison, zh and en, rendered by headless
# Chromium (installed when missing): screenshots, A4 PDFs and their pages as PNGs.
look:
	@sh scripts/deps.sh look
	@$(MAKE) -s $(BUILD)/canyu
	@sh scripts/look.sh $(BUILD)

install: $(BUILD)/canyu
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/canyu $(DESTDIR)$(PREFIX)/bin/canyu
	install -m 644 docs/canyu.1 $(DESTDIR)$(PREFIX)/share/man/man1/canyu.1

clean:
	rm -rf build build-asan build-fuzz

# make fuzz: libFuzzer targets (clang, ASan, UBSan) for the loader, the codebook,
# the margins, the age bands, the SPSS/Stata reader and the Excel reader, each run
# FUZZ_SECONDS (default 60) from a corpus seeded with samples/, tests/data and
# tests/bad; crashes land in build-fuzz/fuzz/artifacts.
# make leakcheck: the end-to-end tests with canyu under valgrind (no leak, no error).
.PHONY: fuzz leakcheck
FUZZ_SECONDS ?= 60
FUZZ_BUILD    = build-fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_TARGETS  = load codebook margins bands sav xlsx
fuzz: deps
	@command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install clang)"; exit 1; }
	@$(MAKE) -s BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
		$(FUZZ_BUILD)/libcanyu.a
	@mkdir -p $(FUZZ_BUILD)/fuzz
	@sh scripts/embed.sh fuzz_platform_codebook_csv samples/platform-codebook.csv \
		>$(FUZZ_BUILD)/fuzz/platform_codebook.c
	@for t in $(FUZZ_TARGETS); do \
		$(if $(V),,echo "  FUZZ    $(FUZZ_BUILD)/fuzz/fuzz_$$t";) \
		clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
			-I. $(PKG_CFLAGS) -o $(FUZZ_BUILD)/fuzz/fuzz_$$t fuzz/fuzz_$$t.c \
			$(FUZZ_BUILD)/fuzz/platform_codebook.c $(FUZZ_BUILD)/libcanyu.a $(PKG_LIBS) || exit 1; \
	done
	@sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

leakcheck: deps
	@$(MAKE) -s all
	@sh scripts/leakcheck.sh $(BUILD)
