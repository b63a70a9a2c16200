# zeromail - see README.md.  GNU make.
#
#   make              build everything into build/
#   make check        install missing deps, build, run the whole test suite
#   make check-asan   the same suite on an ASan+UBSan build (build-asan/)
#   make run          build and run zeromail on loopback with a demo user
#   make fuzz         build the libFuzzer targets (clang) into build-fuzz/;
#                     fuzz/fuzz_<p>_*.c also link <p>-handler/*.c but main.c
#   make install      PREFIX=/usr/local DESTDIR=
#   make clean

CC       ?= cc
PREFIX   ?= /usr/local
SBINDIR  ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/lib/zeromail
MANDIR   ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc/zeromail
UNITDIR  ?= $(PREFIX)/lib/systemd/system
# group allowed to run the setuid deliver (mode 4750 root:$(DELIVER_GROUP))
DELIVER_GROUP ?= zeromail
# system user smtp-handler runs as (units/zeromail-smtp@.service etc.)
SMTP_USER ?= zeromail
DOCDIR   ?= $(PREFIX)/share/doc/zeromail
# shared by all handlers: flock slots bounding concurrent password checks
AUTHSLOTDIR ?= /var/lib/zeromail/auth-slots
BUILD    ?= build
OBJ      := $(BUILD)/obj

PKGS     := libsystemd gnutls libcrypt libidn2
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS   ?= -O2 -g
ZM_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
	-fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE \
	-iquote common $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS  ?=
ZM_LDFLAGS := -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(EXTRA_LDFLAGS)

COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(OBJ)/%.o)
LIBCOMMON  := $(BUILD)/libzmcommon.a

# Each program is a directory with a main; only those that exist are built.
PROGRAMS := $(notdir $(patsubst %/,%,$(dir $(wildcard deliver/main.c smtp-handler/main.c pop3-handler/main.c imap-handler/main.c zeromail-admin/main.c))))
PROGRAM_BINS := $(PROGRAMS:%=$(BUILD)/%)

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRC:%.c=$(BUILD)/%)
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
HELPER_BINS := $(HELPER_SRC:%.c=$(BUILD)/%)

DEPFLAGS = -MMD -MP

.PHONY: all check check-asan run fuzz install clean deps test
# keep object files of the test programs (no rebuild on every make)
.SECONDARY:
all: $(PROGRAM_BINS) $(UNIT_BINS) $(HELPER_BINS)

# V=1 shows the whole command lines.
Q := $(if $(V),,@)

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(ZM_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIBCOMMON): $(COMMON_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

define program_rule
$(1)_SRC := $$(sort $$(wildcard $(1)/*.c))
$(1)_OBJ := $$($(1)_SRC:%.c=$(OBJ)/%.o)
$(BUILD)/$(1): $$($(1)_OBJ) $(LIBCOMMON)
	$(if $(Q),@echo "  LD      $$@")
	$(Q)$$(CC) $$(CFLAGS) $$(LDFLAGS) $$(ZM_LDFLAGS) -o $$@ $$($(1)_OBJ) $(LIBCOMMON) $$(PKG_LIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

$(BUILD)/tests/unit/%: $(OBJ)/tests/unit/%.o $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(ZM_LDFLAGS) -o $@ $< $(LIBCOMMON) $(PKG_LIBS)

$(BUILD)/tests/helpers/%: $(OBJ)/tests/helpers/%.o $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(ZM_LDFLAGS) -o $@ $< $(LIBCOMMON) $(PKG_LIBS)

deps:
	@sh scripts/deps

# The test command of the README and of .ci/run.
check: deps
	$(MAKE) all
	ZM_BUILD=$(BUILD) sh tests/run

check-asan: deps
	$(MAKE) BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  EXTRA_CFLAGS="-U_FORTIFY_SOURCE" all
	ZM_BUILD=build-asan ZM_ASAN=1 \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  sh tests/run

run: deps
	$(MAKE) all
	sh scripts/run

FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
fuzz: deps
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	  EXTRA_CFLAGS="-U_FORTIFY_SOURCE" build-fuzz/libzmcommon.a
	@mkdir -p build-fuzz/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  p=$${n#fuzz_}; p=$${p%%_*}-handler; extra=""; \
	  [ -d "$$p" ] && extra=$$(ls $$p/*.c | grep -v '/main\.c$$'); \
	  echo "  FUZZ $$n"; \
	  clang -O1 -g -std=c11 -D_GNU_SOURCE -iquote common -iquote $$p $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
	    $$f $$extra build-fuzz/libzmcommon.a $(PKG_LIBS) -o build-fuzz/fuzz/$$n || exit 1; done

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSCONFDIR)
	@for p in $(filter-out deliver,$(PROGRAMS)); do \
	  echo install -m 0755 $(BUILD)/$$p $(DESTDIR)$(LIBEXECDIR)/$$p; \
	  install -m 0755 $(BUILD)/$$p $(DESTDIR)$(LIBEXECDIR)/$$p; done
	install -m 0755 $(BUILD)/deliver $(DESTDIR)$(LIBEXECDIR)/deliver
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  getent group $(DELIVER_GROUP) >/dev/null || groupadd --system $(DELIVER_GROUP); \
	  getent passwd $(SMTP_USER) >/dev/null || useradd --system --gid $(DELIVER_GROUP) \
	    --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin $(SMTP_USER); \
	  chown root:$(DELIVER_GROUP) $(LIBEXECDIR)/deliver && chmod 4750 $(LIBEXECDIR)/deliver; \
	  install -d -m 2770 -o root -g $(DELIVER_GROUP) $(AUTHSLOTDIR); \
	  echo "deliver installed setuid root, mode 4750, group $(DELIVER_GROUP); user $(SMTP_USER) for smtp-handler"; \
	else echo "NOTE: as root, run: groupadd --system $(DELIVER_GROUP); useradd --system --gid $(DELIVER_GROUP) --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin $(SMTP_USER); chown root:$(DELIVER_GROUP) $(LIBEXECDIR)/deliver && chmod 4750 $(LIBEXECDIR)/deliver; install -d -m 2770 -o root -g $(DELIVER_GROUP) $(AUTHSLOTDIR)"; fi
	@for m in docs/man/*.[58]; do [ -f "$$m" ] || continue; s=$${m##*.}; \
	  install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	@# units and inetd/xinetd examples name /usr/local/lib/zeromail and the
	@# user/group zeromail: write the real LIBEXECDIR, SMTP_USER, DELIVER_GROUP.
	@install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)/xinetd.d
	@for u in units/*.socket units/*.service units/inetd.conf.example units/xinetd.d/*; do [ -f "$$u" ] || continue; \
	  case "$$u" in *.socket|*.service) d=$(DESTDIR)$(UNITDIR) ;; units/xinetd.d/*) d=$(DESTDIR)$(DOCDIR)/xinetd.d ;; *) d=$(DESTDIR)$(DOCDIR) ;; esac; \
	  sed -e 's#/usr/local/lib/zeromail/#$(LIBEXECDIR)/#g' \
	      -e 's/^User=zeromail$$/User=$(SMTP_USER)/' -e 's/^Group=zeromail$$/Group=$(DELIVER_GROUP)/' \
	      -e 's/^\(\tuser\t*= \)zeromail$$/\1$(SMTP_USER)/' -e 's/\tzeromail\t/\t$(SMTP_USER)\t/' \
	      "$$u" >"$$d/$${u##*/}.tmp" && chmod 0644 "$$d/$${u##*/}.tmp" && mv "$$d/$${u##*/}.tmp" "$$d/$${u##*/}" || exit 1; \
	  echo "install $$u -> $$d/$${u##*/}"; done
	@[ "$(LIBEXECDIR)" = /usr/local/lib/zeromail ] || [ -f $(DESTDIR)$(SYSCONFDIR)/zeromail.conf ] || \
	  echo "NOTE: LIBEXECDIR is not /usr/local/lib/zeromail: set deliver_path = $(LIBEXECDIR)/deliver in $(SYSCONFDIR)/zeromail.conf"
	@[ -f $(DESTDIR)$(SYSCONFDIR)/zeromail.conf ] || install -m 0644 docs/zeromail.conf.example $(DESTDIR)$(SYSCONFDIR)/zeromail.conf

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
