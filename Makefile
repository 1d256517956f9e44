# anuvad - Hindi -> English CAT toolkit.
#
#   make          build build/anuvad (and build/libanuvad.a)
#   make run      pre-translate the example article with the default TM
#   make test     unit + end-to-end + interoperability tests (ASan + UBSan)
#   make bench    speed and memory figures
#   make fuzz     libFuzzer targets (FUZZ_SECONDS each, default 60)
#   make install  PREFIX=/usr/local
#
# Every entry target first runs .ci/ensure-deps, which installs missing
# Debian packages, then calls make again for the real work, so that
# pkg-config sees the freshly installed libraries.

PREFIX ?= /usr/local
BUILD  := build
ASAN   := $(BUILD)/asan
CC     ?= cc
FUZZ_SECONDS ?= 60

PKGS     := icu-uc icu-i18n libxml-2.0 hunspell readline jansson libzip libpq md4c
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

WARN     := -Wall -Wextra -Werror
BASEFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -Isrc $(PKG_CFLAGS) -MMD -MP \
            -DANUVAD_DATADIR=\"$(PREFIX)/share/anuvad\"
CFLAGS   ?= -O2 -g
SANFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
LDLIBS    = $(PKG_LIBS) -lstemmer -lpthread -lm

# One folder per layer (src/README.md); src/cli/ is the program, the rest
# the library.
LIB_SRC := $(filter-out src/cli/%,$(wildcard src/*/*.c))
CLI_SRC := $(wildcard src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
ALIB_OBJ := $(LIB_SRC:src/%.c=$(ASAN)/obj/%.o)
ACLI_OBJ := $(CLI_SRC:src/%.c=$(ASAN)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(ASAN)/tests/%)

export ANUVAD_SHARED ?= $(abspath ../shared)

# The default TM, built with anuvad itself from the Tatoeba pairs in tm/
# (see tm/README.md).  Fixed dates (SOURCE_DATE_EPOCH) keep it reproducible.
DEFAULT_TM := tm/hi-en.tmx
TM_PAIRS   := tm/tatoeba-hin-eng.tsv
TM_NOTE    := Hindi-English sentence pairs from Tatoeba (https://tatoeba.org), \
  licensed CC-BY 2.0 FR (https://creativecommons.org/licenses/by/2.0/fr/); \
  each unit's note names the Tatoeba sentences and their contributors.

.PHONY: all run test bench fuzz install clean deps spell-eval \
        build-all build-test run-built test-built bench-built fuzz-built

all:
	@.ci/ensure-deps build
	@$(MAKE) --no-print-directory build-all

run:
	@.ci/ensure-deps build
	@$(MAKE) --no-print-directory run-built

test:
	@.ci/ensure-deps test
	@$(MAKE) --no-print-directory test-built

bench:
	@.ci/ensure-deps bench
	@$(MAKE) --no-print-directory bench-built

fuzz:
	@.ci/ensure-deps fuzz
	@$(MAKE) --no-print-directory fuzz-built

deps:
	@.ci/ensure-deps test

# ---- generated data --------------------------------------------------------

# Hindi full forms for the spell checker, expanded from Debian's apertium-hin
# morphological dictionary (GPL-3) with lttoolbox's lt-expand (0.3 s).  The
# surface form is what comes before the first ':'; multiword entries and
# hyphenated compounds are split into words, as the tokenizer splits them.
# The result is a hunspell .dic without affixes (a count line, then one word
# a line), loaded with Hunspell_add_dic; it is not committed (see
# .gitignore).  spell_dict checks every line (NFC, well-formed Devanagari)
# when it indexes the list.
# apertium-hin writes the feminine plural perfective like the singular
# (खरीदी for both); standard Hindi nasalises it (खरीदीं, गईं), so for
# entries tagged <perf><f><pl> or <impf><f><pl> ending in ी/ई that form
# is added as well.  apertium-hin also lists many words with ड/ढ where
# standard Hindi has the different letters ड़/ढ़ (बडा beside बड़ा); a form
# whose ड/ढ + nukta spelling is also known is left out, so that बडा is
# flagged with बड़ा as the suggestion.
APERTIUM_HIN_DIX ?= /usr/share/apertium/apertium-hin/apertium-hin.hin.dix
GENERATED_DATA := dict/hi-apertium.dic dict/hi-cmu.dic dict/hi-lemmas.tsv \
                  dict/cldr-hi-en.tsv

# The starter glossary (src/term/cldr.c): country, territory, language,
# currency, month and weekday names in Hindi and English from the CLDR
# data of the ICU anuvad is built with (not committed).
dict/cldr-hi-en.tsv: $(BUILD)/anuvad
	$(BUILD)/anuvad term cldr >$@.tmp
	mv $@.tmp $@

# Every inflected form of apertium-hin with its lemma, for the term matcher
# (src/term/term_match.h): FORM<TAB>LEMMA where they differ, single words,
# sorted (0.1 s; not committed).
# (lt-expand writes FORM:ANALYSIS, or FORM:>:ANALYSIS and FORM:<:ANALYSIS
# for one direction only: the lemma is then the third field, not ">".)
dict/hi-lemmas.tsv: $(APERTIUM_HIN_DIX)
	lt-expand $< | LC_ALL=C awk -F: 'index($$1, " ") == 0 && \
	  index($$1, "-") == 0 { l = ($$2 == ">" || $$2 == "<") ? $$3 : $$2; \
	  sub(/<.*/, "", l); \
	  if (l != "" && $$1 != l) print $$1 "\t" l }' | LC_ALL=C sort -u >$@.tmp
	mv $@.tmp $@

# English words and names as Hindi writes them (पॉइंट, जॉनसन), transcribed
# from the CMU Pronouncing Dictionary in Debian's festlex-cmu by the rules
# in dict/cmu-to-hindi.awk (2 s).  A .dic as above, not committed either.
CMUDICT ?= /usr/share/festival/dicts/cmu/cmudict-0.4.out

dict/hi-cmu.dic: $(CMUDICT) dict/cmu-to-hindi.awk
	LC_ALL=C awk -f dict/cmu-to-hindi.awk $(CMUDICT) | LC_ALL=C sort -u >$@.all
	{ wc -l <$@.all; cat $@.all; } >$@.tmp
	rm -f $@.all
	mv $@.tmp $@

dict/hi-apertium.dic: $(APERTIUM_HIN_DIX)
	lt-expand $< | LC_ALL=C sed \
	  -e '/<[pi][em][rp]f><f><pl>/{h;s/:.*//;s/\(ी\|ई\)$$/&ं/p;g;}' \
	  -e 's/:.*//' | tr ' -' '\n\n' | LC_ALL=C sort -u >$@.all
	LC_ALL=C awk 'NR == FNR { known[$$0] = 1; next } \
	  { for (i = 1; i <= length($$0) - 2; i++) { \
	      c = substr($$0, i, 3); \
	      if ((c == "ड" || c == "ढ") && substr($$0, i + 3, 3) != "़" && \
	          (substr($$0, 1, i + 2) "़" substr($$0, i + 3)) in known) next } \
	    print }' $@.all $@.all >$@.words
	{ wc -l <$@.words; cat $@.words; } >$@.tmp
	rm -f $@.all $@.words
	mv $@.tmp $@

# ---- release build -------------------------------------------------------

build-all: $(BUILD)/anuvad $(GENERATED_DATA) $(DEFAULT_TM)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libanuvad.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/anuvad: $(CLI_OBJ) $(BUILD)/libanuvad.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libanuvad.a $(LDLIBS)

# The default TM (see tm/README.md): its recipe is below build-all.
$(DEFAULT_TM): $(TM_PAIRS) | $(BUILD)/anuvad
	@rm -f $(BUILD)/default-tm.tmx $(BUILD)/default-tm.tmx.*
	SOURCE_DATE_EPOCH=1704067200 ANUVAD_AUTHOR=tatoeba.org \
	  $(BUILD)/anuvad tm import --into $(BUILD)/default-tm.tmx \
	  --header-note "$(TM_NOTE)" $(TM_PAIRS) >/dev/null
	mv $(BUILD)/default-tm.tmx $@

# ---- sanitizer build for the tests ---------------------------------------

$(ASAN)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(SANFLAGS) -c $< -o $@

$(ASAN)/libanuvad.a: $(ALIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(ASAN)/anuvad: $(ACLI_OBJ) $(ASAN)/libanuvad.a
	$(CC) $(SANFLAGS) -o $@ $(ACLI_OBJ) $(ASAN)/libanuvad.a $(LDLIBS)

$(ASAN)/tests/%: tests/unit/%.c tests/unit/testutil.h $(ASAN)/libanuvad.a
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(SANFLAGS) -Itests/unit -o $@ $< \
	  $(ASAN)/libanuvad.a $(LDLIBS) $(CMOCKA_LIBS)

# Evaluation programs (tests/eval/*.c): measured figures for the docs.
EVAL_SRC := $(wildcard tests/eval/*.c)

$(BUILD)/eval/%: tests/eval/%.c $(BUILD)/libanuvad.a
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libanuvad.a $(LDLIBS)

$(ASAN)/eval/%: tests/eval/%.c $(ASAN)/libanuvad.a
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(SANFLAGS) -o $@ $< $(ASAN)/libanuvad.a $(LDLIBS)

build-test: $(ASAN)/anuvad $(UNIT_BIN) $(GENERATED_DATA) $(DEFAULT_TM) \
            $(EVAL_SRC:tests/eval/%.c=$(ASAN)/eval/%)

# ASan reports leaks at exit (LeakSanitizer); UBSan stops at the first error.
TEST_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
           UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
           ANUVAD=$(abspath $(ASAN)/anuvad) ANUVAD_ROOT=$(CURDIR)

test-built: build-test
	@$(TEST_ENV) tests/run-tests $(UNIT_BIN)

# ---- the main job ---------------------------------------------------------

run-built: build-all
	@sh examples/run-example

# The spell checker's false-flag and detection figures (docs/spelling.md).
spell-eval:
	@.ci/ensure-deps build
	@$(MAKE) --no-print-directory build-all $(BUILD)/eval/spell_eval
	@$(BUILD)/eval/spell_eval

# ---- benchmarks and fuzzing ------------------------------------------------

# C benchmark programs (tests/bench/*.c), linked with the release library.
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libanuvad.a
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(CFLAGS) -Itests/bench -o $@ $< \
	  $(BUILD)/libanuvad.a $(LDLIBS)

bench-built: build-all $(BENCH_BIN)
	@ANUVAD=$(abspath $(BUILD)/anuvad) ANUVAD_ROOT=$(CURDIR) \
	  tests/bench/run

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# -fno-sanitize-recover: undefined behaviour stops the run, so `make fuzz`
# fails on it instead of printing a report and going on.
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=undefined

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -Wall -Wextra -Isrc $(PKG_CFLAGS) \
	  $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

fuzz-built: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	  name=$$(basename $$f); corpus=tests/fuzz/corpus/$${name#fuzz_}; \
	  mkdir -p $$corpus; \
	  echo "== $$name ($(FUZZ_SECONDS) s, corpus $$corpus)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=$(BUILD)/fuzz/ \
	    $$corpus tests/fuzz/seeds/$${name#fuzz_} || exit 1; \
	done

# ---- install ---------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/anuvad
	install -m 755 $(BUILD)/anuvad $(DESTDIR)$(PREFIX)/bin/anuvad
	cp -r dict $(DESTDIR)$(PREFIX)/share/anuvad/
	if [ -d tm ]; then cp -r tm $(DESTDIR)$(PREFIX)/share/anuvad/; fi

clean:
	rm -rf $(BUILD) $(GENERATED_DATA) $(DEFAULT_TM) $(DEFAULT_TM).idx

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(ALIB_OBJ:.o=.d) $(ACLI_OBJ:.o=.d)
-include $(UNIT_BIN:=.d) $(BENCH_BIN:=.d)
