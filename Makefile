# autodiag: one POSIX-style Makefile for Debian.
#   make          build ./autodiag
#   make site     install what is missing, build, publish content/ into out/
#   make check    install what is missing, build, run every test
#   make install  PREFIX=/usr/local DESTDIR=
#   make deb      the Debian package, into build/deb

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKGS = libcmark yaml-0.1 libmicrohttpd libzip
WERROR ?=
SANITIZE ?=
JOBS ?=

CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wpedantic $(WERROR) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP -I$(BUILD)
# libmicrohttpd and libzip are opened on first use (src/dynlib.h), by the
# soname of the library found here
LIBS = $(shell pkg-config --libs libcmark yaml-0.1 2>/dev/null || echo -lcmark -lyaml) \
	-lhpdf -lhyphen -lcsv -lpng -lz -lm -lpthread
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN = -fsanitize=address,undefined,float-cast-overflow
BUILD = build/asan
else
BUILD = build/rel
endif

SRC = $(wildcard src/*.c)
OBJ = $(SRC:src/%.c=$(BUILD)/%.o)
LIBOBJ = $(filter-out $(BUILD)/main.o,$(OBJ))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Debian packages: what building needs, and what the tests need on top.
DEBS_BUILD = gcc make pkg-config libcmark-dev libyaml-dev libhpdf-dev \
	libhyphen-dev hyphen-fr libcsv-dev libpng-dev zlib1g-dev libzip-dev fonts-dejavu-core \
	fonts-lato libmicrohttpd-dev
DEBS_TEST = python3 python3-yaml curl libcmocka-dev qpdf poppler-utils tidy valgrind clang \
	libreoffice-writer-nogui \
	libclang-rt-14-dev chromium nodejs npm fonts-dejavu-extra
DEBS_BENCH = hugo pandoc weasyprint chromium poppler-utils time python3
DEBS_DEB = debhelper dpkg-dev lintian

.PHONY: all autodiag deps deps-test deps-bench site check install clean bench fuzz valgrind deb FORCE

all: autodiag

autodiag: $(BUILD)/autodiag
	cp $(BUILD)/autodiag $@.tmp && mv -f $@.tmp $@

$(BUILD)/autodiag: $(OBJ)
	$(CC) $(LDSAN) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc $(shell pkg-config --cflags cmocka) -o $@ $< \
		$(LIBOBJ) $(LDSAN) $(LIBS) $(shell pkg-config --libs cmocka)

-include $(OBJ:.o=.d)

soname = $(or $(shell objdump -p $(shell $(CC) -print-file-name=$(1).so) 2>/dev/null | \
	sed -n 's/^ *SONAME *//p'),$(2))
$(BUILD)/odt.o: ALL_CFLAGS += -DZIP_SONAME='"$(call soname,libzip,libzip.so.4)"'
$(BUILD)/serve.o: ALL_CFLAGS += -DMHD_SONAME='"$(call soname,libmicrohttpd,libmicrohttpd.so.12)"'

# The keys of the default theme's strings.yaml: those the site's theme check
# knows (site_theme.c), so that adding one there needs nothing else.
$(BUILD)/site_theme.o: $(BUILD)/strings_keys.h
$(BUILD)/strings_keys.h: themes/default/strings.yaml
	@mkdir -p $(@D)
	sed -n 's/^\([a-z0-9_]*\):.*/	"\1",/p' themes/default/strings.yaml >$@.tmp && mv $@.tmp $@

# The data directory (theme, guide) is compiled into share.o from PREFIX;
# `make install` links its own binary, so ./autodiag keeps its own PREFIX.
SHARE_DEF = -DAUTODIAG_SHARE='"$(PREFIX)/share/autodiag"'
$(BUILD)/share.o: ALL_CFLAGS += $(SHARE_DEF)
$(BUILD)/share.o: $(BUILD)/prefix
$(BUILD)/prefix: FORCE
	@mkdir -p $(@D)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' >$@
$(BUILD)/install/share.o: src/share.c FORCE
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SHARE_DEF) -c -o $@ src/share.c
$(BUILD)/install/autodiag: $(filter-out $(BUILD)/share.o,$(OBJ)) $(BUILD)/install/share.o
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $^ $(LIBS)

deps:
	@sh tests/deps.sh $(DEBS_BUILD)

deps-test: deps
	@sh tests/deps.sh $(DEBS_TEST)

site: deps
	$(MAKE) all
	./autodiag build

check: deps-test
	$(MAKE) WERROR=-Werror all $(UNIT_BIN)
	@sh tests/run.sh $(BUILD)

valgrind: deps-test
	$(MAKE) all $(UNIT_BIN)
	@VALGRIND=1 sh tests/run.sh $(BUILD)

deps-bench: deps
	@sh tests/deps.sh $(DEBS_BENCH)

bench: deps-bench
	$(MAKE) all
	@sh bench/run.sh

fuzz: deps-test
	@sh fuzz/run.sh

# The binary, the man page, the default theme, the shipped guide (that
# `autodiag new` copies) and its example answers.
SHARE = $(DESTDIR)$(PREFIX)/share/autodiag
install: $(BUILD)/install/autodiag
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(SHARE)/themes
	cp $(BUILD)/install/autodiag $(DESTDIR)$(PREFIX)/bin/autodiag
	cp doc/autodiag.1 $(DESTDIR)$(PREFIX)/share/man/man1/autodiag.1
	rm -rf $(SHARE)/themes/default $(SHARE)/content $(SHARE)/answers
	cp -R themes/default $(SHARE)/themes/default
	cp -R content answers $(SHARE)/

# The Debian package, into build/deb (debian/make-deb.sh).
deb: deps
	@sh tests/deps.sh $(DEBS_DEB)
	@sh debian/make-deb.sh

clean:
	rm -rf build autodiag out tests/tmp
