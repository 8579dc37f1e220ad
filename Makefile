# kpidash: a plain GNU Makefile. `make demo` shows the dashboard; `make check` runs every test.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
BUILD ?= build
PKGS := ncursesw libcurl jansson termkey
PKG_CONFIG ?= pkg-config

OPT ?= -O2 -g
# Short lines by default; V=1 shows whole commands.
Q := $(if $(V),,@)
SAN ?=
KPI_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-I. -I$(BUILD) $(filter-out -D%,$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))
ALL_CFLAGS = $(KPI_CFLAGS) $(OPT) $(SAN) $(CFLAGS)
LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# The shipped dashboards in the order of their keys (1-4), and the themes.
VIEWS := views/executive.json views/operations.json views/model.json views/hr.json
THEMES := $(wildcard themes/*.theme)

UTIL := util/xalloc.c util/text.c util/jload.c util/jpos.c util/clocale.c util/clock.c util/duration.c
CLIENT := client/series.c client/demo.c client/source.c client/source_req.c client/source_demo.c \
	client/source_prom.c client/source_rest.c client/source_foreign.c client/http.c \
	client/prom.c client/janswer.c client/rest.c client/jpath.c
TUI := tui/format.c tui/theme.c tui/draw.c tui/screen.c tui/keys.c tui/frame.c tui/stat.c \
	tui/sparkline.c tui/chart.c tui/bar.c tui/gauge.c tui/table.c tui/statusbar.c \
	tui/heatmap.c tui/help.c
VIEWSRC := views/dashboard.c views/view.c views/template.c views/cohort.c views/privacy.c \
	views/fetch.c views/panel.c views/changes.c views/explain.c views/kinds.c views/kind_stat.c views/kind_chart.c \
	views/kind_bar.c views/kind_gauge.c views/kind_table.c views/kind_heatmap.c views/kind_slo.c
GEN := $(BUILD)/gen/embedded_views.c $(BUILD)/gen/embedded_themes.c
APP := app/options.c app/settings.c app/config.c app/check.c app/dashboards.c app/app.c \
	app/input.c app/chrome.c app/when.c app/screens.c app/screen_dashboard.c app/screen_drill.c \
	app/screen_changes.c
REPORT := report/once.c
ANALYSIS := analysis/detect.c analysis/drivers.c analysis/slo.c
SRC := $(UTIL) $(CLIENT) $(TUI) $(VIEWSRC) $(APP) $(REPORT) $(ANALYSIS)
OBJ := $(SRC:%.c=$(BUILD)/obj/%.o) $(GEN:%.c=%.o)

# libFuzzer targets (clang): tests/fuzz/fuzz_<name>.c, each with a corpus in tests/fuzz/corpus/<name>/.
FUZZ := dashboard prom jpath jpos config
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

# Unit tests: each is one cmocka binary over the modules it names.
UNIT := format text series demo keys dashboard layout template http prom rest jpos check fetch options \
	privacy cohort view detect drivers explain slo
UNIT_BIN := $(UNIT:%=$(BUILD)/test_%)

.PHONY: mutants coverage
.PHONY: all demo check asan install clean deps deps-build bench tests fuzz fuzzers
all: $(BUILD)/kpidash $(BUILD)/kpidash.1

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KPI_CFLAGS) $(OPT) $< -o $@

$(BUILD)/gen/embedded_views.c: $(BUILD)/embed $(VIEWS)
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/embed embedded_views $(VIEWS) > $@

$(BUILD)/gen/embedded_themes.c: $(BUILD)/embed $(THEMES)
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/embed embedded_themes $(THEMES) > $@

$(BUILD)/kpidash: $(BUILD)/obj/main.o $(OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $^ -o $@ $(LIBS)

# The man page's key list comes from the keymap, like the help overlay.
$(BUILD)/kpidash.1: docs/kpidash.1.in $(BUILD)/kpidash
	$(Q)$(BUILD)/kpidash --man-keys > $(BUILD)/keys.man
	$(Q)sed -e '/@KEYS@/r $(BUILD)/keys.man' -e '/@KEYS@/d' docs/kpidash.1.in > $@

$(BUILD)/test_%: tests/unit/test_%.c $(OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $^ -o $@ $(LIBS) $(CMOCKA_LIBS)

# The detectors over 500 series of 300 points, for make bench (built by make tests too).
BENCH_DETECT_OBJ := $(addprefix $(BUILD)/obj/,analysis/detect.o client/series.o util/xalloc.o util/text.o)
$(BUILD)/bench_detect: tools/bench_detect.c $(BENCH_DETECT_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $^ -o $@ -lm

# Sorting, filtering and drawing a drill-down of many cohorts, for make bench.
$(BUILD)/bench_cohort: scripts/bench_cohort.c $(OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $^ -o $@ $(LIBS)

$(BUILD)/gallery: tests/screen/gallery.c $(OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $^ -o $@ $(LIBS)

# The KPI-REST test server: the demo company over HTTP, with fault paths.
REST_SERVER_OBJ := $(addprefix $(BUILD)/obj/,client/demo.o client/series.o util/xalloc.o util/text.o)
$(BUILD)/kpi_rest_server: tests/servers/kpi_rest_server.c $(REST_SERVER_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $^ -o $@ $(LIBS)

tests: all $(UNIT_BIN) $(BUILD)/gallery $(BUILD)/kpi_rest_server $(BUILD)/bench_detect

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $^ -o $@ $(LIBS)

fuzzers: $(FUZZ:%=$(BUILD)/fuzz_%)

# Each target for FUZZ_SECONDS (default 60) on its corpus.
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g' SAN='$(FUZZ_SAN)' fuzzers
	@tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# Installs what is missing (nothing when all is there), then builds in a fresh make
# so that pkg-config's answers are read after the install. deps: everything the tests
# need; deps-build: only what building and running needs.
deps:
	@scripts/install-deps test

deps-build:
	@scripts/install-deps build

demo: deps-build
	@$(MAKE) --no-print-directory all
	./$(BUILD)/kpidash --demo

check: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' tests
	@$(MAKE) --no-print-directory BUILD=build-clang CC=clang all
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g' SAN='$(FUZZ_SAN)' fuzzers
	@tests/run-all.sh $(BUILD) build-asan

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' tests
	@tests/run-all.sh build-asan build-asan

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench_cohort $(BUILD)/bench_detect
	@scripts/bench.sh $(BUILD)/kpidash

# Plants the bugs of tests/mutants.txt one at a time in a copy of the tree; every one
# must be caught by the tests of its own layer.
mutants: deps
	@tests/mutants.py

# Line and branch coverage of the product's code over the whole suite, by folder.
coverage:
	@scripts/install-deps coverage
	@$(MAKE) --no-print-directory BUILD=build-cov OPT='-O0 -g --coverage' tests
	@$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' tests
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g' SAN='$(FUZZ_SAN)' fuzzers
	@find build-cov -name '*.gcda' -delete
	@tests/run-all.sh build-cov build-asan > build-cov/suite.log 2>&1 || \
		{ tail -n 30 build-cov/suite.log; echo "coverage: the suite failed (build-cov/suite.log)"; exit 1; }
	@tail -n 1 build-cov/suite.log
	@scripts/coverage.sh build-cov

install: all
	install -D -m 755 $(BUILD)/kpidash $(DESTDIR)$(BINDIR)/kpidash
	install -D -m 644 $(BUILD)/kpidash.1 $(DESTDIR)$(MANDIR)/man1/kpidash.1

clean:
	rm -rf build build-asan build-clang build-fuzz build-cov

-include $(OBJ:.o=.d) $(BUILD)/obj/main.d

# The names of the unit tests (UNIT), for tests/run-all.sh to know every one is run.
.PHONY: print-unit
print-unit:
	@echo $(UNIT)
