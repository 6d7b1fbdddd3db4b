# fu: follow-up calls (客户回访) toolkit.  GNU make; see README.md.

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
DATADIR	 = $(PREFIX)/share/fu
COMPDIR	 = $(PREFIX)/share/bash-completion/completions

CC	?= cc
BUILD	?= build
# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer;
# TSAN=1 with ThreadSanitizer (the worker threads of fu-import).
SAN	?=
TSAN	?=
OPT	?= -O2

WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wformat=2
CSTD	 = -std=c11
FU_CPPFLAGS = -D_GNU_SOURCE -Ilib -I$(BUILD)
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
SANFLAGS = $(if $(SAN),$(SANITIZE))$(if $(TSAN), -fsanitize=thread)
ALL_CFLAGS = $(CSTD) $(OPT) -g -pthread $(WARN) $(SANFLAGS) $(FU_CPPFLAGS) $(CPPFLAGS) \
	   $(CFLAGS)
ALL_LDFLAGS = -pthread $(SANFLAGS) -Wl,--as-needed $(LDFLAGS)
LDLIBS	?=
FU_LIBS	 = -lcsv -lm

LIB_SRC	 = $(wildcard lib/*/*.c)
LIB_OBJ	 = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/cal_builtin.o
LIBFU	 = $(BUILD)/libfu.a
CMD_SRC	 = $(wildcard cmd/fu-*.c)
PROGS	 = $(CMD_SRC:cmd/%.c=$(BUILD)/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS	 = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANS	 = $(wildcard man/*.1 man/*.7)

.PHONY: all deps check-deps check-office demo check test unit bench bench-week install uninstall \
	clean valgrind valgrind-cases fuzz FORCE

all: $(LIBFU) $(PROGS)

# Install what the build and the tests need (Debian), or say how.
# Only deps, check and demo do; a plain make never installs anything.
deps:
	@sh tests/deps.sh build

check-deps:
	@sh tests/deps.sh check

$(BUILD)/lib/%.o: lib/%.c lib/*/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Where the installed data is, rewritten only when PREFIX changes.
$(BUILD)/lib/fmt/calendar.o: $(BUILD)/fu_config.h
$(BUILD)/fu_config.h: FORCE
	@mkdir -p $(@D)
	@echo '#define FU_DATADIR "$(DATADIR)"' >$@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi
FORCE:

# The shipped calendar, compiled in as the last default (calendar.h),
# so that a built program works from any directory.
$(BUILD)/cal_builtin.c: samples/holidays-cn.tsv
	@mkdir -p $(@D)
	@{ echo '/* Made by the Makefile from samples/holidays-cn.tsv. */'; \
	    echo '#include <stddef.h>'; \
	    echo 'extern const unsigned char cal_builtin[];'; \
	    echo 'extern const size_t cal_builtin_len;'; \
	    echo 'const unsigned char cal_builtin[] = {'; \
	    od -An -v -tx1 samples/holidays-cn.tsv | \
	    sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0x00 };'; \
	    echo 'const size_t cal_builtin_len = sizeof(cal_builtin) - 1;'; \
	    } >$@.new && mv $@.new $@

$(BUILD)/cal_builtin.o: $(BUILD)/cal_builtin.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBFU): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/fu-%: cmd/fu-%.c $(LIBFU) lib/*/*.h
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBFU) $(ALL_LDFLAGS) $(FU_LIBS) $(LDLIBS)

$(BUILD)/fu-report $(BUILD)/tests/test_report: FU_LIBS += -lxlsxwriter

$(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h $(LIBFU) lib/*/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIBFU) $(ALL_LDFLAGS) \
	    $(FU_LIBS) $(LDLIBS)

unit: $(UNITS)

# The whole suite three times: a plain build, one with ASan and UBSan,
# one with TSan.
check test: check-deps
	$(MAKE) all unit BUILD=build
	$(MAKE) all unit BUILD=build-asan SAN=1 OPT=-O1
	$(MAKE) all unit BUILD=build-tsan TSAN=1 OPT=-O1
	sh tests/run build build-asan build-tsan

# The workbooks as LibreOffice opens them (tests/office.sh): CSV and PDF;
# and a sheet past 1,048,576 rows (tests/rows.sh, about a minute).
check-office: all
	@sh tests/deps.sh office
	sh tests/office.sh $(BUILD)
	sh tests/rows.sh $(BUILD)

demo: deps
	$(MAKE) all
	sh samples/demo.sh $(BUILD)

bench: all
	sh tests/bench/run.sh $(BUILD)

# The week at chain scale, stage by stage (not part of make check).
bench-week: all
	sh tests/bench/week.sh $(BUILD)

# libFuzzer harnesses (tests/fuzz/), clang, each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 30
FUZZ_JOBS ?= 1
fuzz:
	FUZZ_JOBS=$(FUZZ_JOBS) sh tests/fuzz/run.sh $(FUZZ_SECONDS)

valgrind: all unit
	VALGRIND=1 sh tests/run $(BUILD)

# The golden cases and bad inputs once under valgrind, CI-sized
# (tests/valgrind.sh; about 3 minutes on two cores).
valgrind-cases: all
	sh tests/valgrind.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	for p in $(PROGS); do install -m 755 $$p $(DESTDIR)$(BINDIR); done
	for m in $(wildcard man/*.1); do install -m 644 $$m \
	    $(DESTDIR)$(MANDIR)/man1; done
	install -m 644 man/fu.7 $(DESTDIR)$(MANDIR)/man7
	install -m 644 samples/holidays-cn.tsv samples/policy.tsv \
	    $(DESTDIR)$(DATADIR)
	install -d $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(COMPDIR)
	install -m 644 samples/rules/*.tsv $(DESTDIR)$(DATADIR)/rules
	install -d $(DESTDIR)$(DATADIR)/cron
	install -m 755 samples/cron/*.sh $(DESTDIR)$(DATADIR)/cron
	install -m 644 samples/cron/crontab samples/cron/fu-cron.conf \
	    $(DESTDIR)$(DATADIR)/cron
	for p in $(PROGS); do install -m 644 samples/completion/fu \
	    $(DESTDIR)$(COMPDIR)/$${p##*/}; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$${p##*/}; done
	for m in $(MANS); do rm -f $(DESTDIR)$(MANDIR)/man*/$${m##*/}; done
	for p in $(PROGS); do rm -f $(DESTDIR)$(COMPDIR)/$${p##*/}; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-tsan build-clang build-fuzz
