# SPDX-License-Identifier: GPL-2.0-or-later
# multisa build. `make` builds everything, `make check` runs every test tier.
# Quiet by default; V=1 shows the commands. CI=true turns warnings into errors.

.DELETE_ON_ERROR:
.SUFFIXES:
.SECONDARY:

BUILD   ?= build
CC      ?= gcc
CLANG   ?= clang
BPFTOOL ?= bpftool

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2);
endif

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wpointer-arith -Wcast-qual -Wno-unused-parameter \
        -Wno-missing-field-initializers
ifeq ($(CI),true)
WARN += -Werror
endif

PKGS    := libbpf libxdp libmnl libconfig jansson libcrypto libcap-ng libseccomp libsystemd libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# The release: git describe in a clone, else the VERSION file of a tarball.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || \
	     cat VERSION 2>/dev/null || echo unknown)

CFLAGS  ?= -O2 -g
CFLAGS  += $(WARN) -std=gnu11 -D_GNU_SOURCE -Iinclude -Iike -Iuser -I$(BUILD) $(PKG_CFLAGS) \
	   -DMSA_VERSION='"$(VERSION)"'
LDLIBS  := $(PKG_LIBS)

BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
              -Iinclude -I. -I/usr/include/$(shell uname -m)-linux-gnu

all: programs

# ---- BPF programs and their skeletons ----------------------------------
BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h) $(wildcard include/*.h) vmlinux.h | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

# ---- user/: the log sink, the datapath library, the kernel side, multisactl
# One static library per layer; each program links them top layer first.
# scripts/layers.py (in `make check`) keeps calls and #includes pointing down.
LOG_OBJ := $(BUILD)/user/log/log.o
DP_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard user/dp/*.c))
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard user/kernel/*.c))
CTL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard user/ctl/*.c))
DP_LIB  := $(BUILD)/libmsadp.a
KERNEL_LIB := $(BUILD)/libmsakernel.a

$(BUILD)/user/kernel/%.o: CFLAGS += -DMSA_LOG_SUB=MSA_SUB_KNL
$(BUILD)/user/dp/%.o: CFLAGS += -DMSA_LOG_SUB=MSA_SUB_DP
$(BUILD)/user/%.o: user/%.c $(BPF_SKELS) $(wildcard include/*.h user/*/*.h) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/lib%.a:
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(DP_LIB): $(DP_OBJS)
$(KERNEL_LIB): $(KERNEL_OBJS)

$(BUILD)/multisactl: $(CTL_OBJS) $(DP_LIB) $(LOG_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

PROGRAMS := $(BUILD)/multisactl

# ---- ike/: the IKEv2 daemon (its own fragment) -------------------------
-include ike/ike.mk

# ---- tests and benchmarks ----------------------------------------------
-include tests/tests.mk
-include bench/bench.mk

programs: $(PROGRAMS)

$(BUILD):
	$(Q)mkdir -p $@

deps:
	$(Q)bash scripts/deps.sh

check: all $(UNIT_TEST_BINS) $(FUZZ_BINS)
	$(Q)UNIT="$(UNIT_TEST_BINS)" FUZZ="$(FUZZ_BINS)" BUILD=$(BUILD) bash tests/run.sh

# The QEMU lab (real ESP): builds the guest once (cached), boots it per test.
# `check` runs the lab tests too (tests/run.sh); lab-check runs only them.
lab:
	$(Q)bash scripts/lab/build.sh

lab-check: all
	$(Q)ONLY='^lab/' bash tests/run.sh

demo: all
	$(Q)bash scripts/demo.sh

# ---- man pages, install ----------------------------------------------
# Pages are Markdown (man/*.md; multisad.conf(5) is docs/config.md),
# turned into man(7) by scripts/md2man.py.
PREFIX     ?= /usr
SBINDIR    ?= $(PREFIX)/sbin
SYSCONFDIR ?= /etc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
MAN_DATE   := $(shell date -u +%Y-%m-%d -d @$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)})
MAN_PAGES  := $(BUILD)/man/multisad.8 $(BUILD)/man/multisactl.8 \
	      $(BUILD)/man/multisad.conf.5

$(BUILD)/man/%.8: man/%.8.md scripts/md2man.py | $(BUILD)
	$(call msg,MAN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)python3 scripts/md2man.py $* 8 "$(MAN_DATE)" "$(VERSION)" <$< >$@
$(BUILD)/man/multisad.conf.5: man/multisad.conf.5.md docs/config.md scripts/md2man.py | $(BUILD)
	$(call msg,MAN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sed 1d docs/config.md | cat man/multisad.conf.5.md - | \
		python3 scripts/md2man.py multisad.conf 5 "$(MAN_DATE)" "$(VERSION)" >$@
$(BUILD)/multisad.service: etc/systemd/multisad.service | $(BUILD)
	$(Q)sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $< >$@

man: $(MAN_PAGES)

# Configuration files are never overwritten; the secrets file is 0600.
install: programs $(MAN_PAGES) $(BUILD)/multisad.service
	$(Q)install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR)
	$(Q)install -d -m 0700 $(DESTDIR)$(SYSCONFDIR)/multisa \
		$(DESTDIR)$(SYSCONFDIR)/multisa/private
	$(Q)install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/multisa/x509 \
		$(DESTDIR)$(SYSCONFDIR)/multisa/x509ca \
		$(DESTDIR)$(SYSCONFDIR)/multisa/x509crl
	$(Q)install -m 0755 $(BUILD)/multisad $(BUILD)/multisactl $(DESTDIR)$(SBINDIR)/
	$(Q)install -m 0644 $(BUILD)/multisad.service $(DESTDIR)$(UNITDIR)/
	$(Q)install -m 0644 $(BUILD)/man/multisad.8 $(BUILD)/man/multisactl.8 $(DESTDIR)$(MANDIR)/man8/
	$(Q)install -m 0644 $(BUILD)/man/multisad.conf.5 $(DESTDIR)$(MANDIR)/man5/
	$(Q)install -m 0644 etc/bash-completion/multisactl $(DESTDIR)$(BASHCOMPDIR)/multisactl
	$(Q)[ -e $(DESTDIR)$(SYSCONFDIR)/multisa/multisad.conf ] || \
		install -m 0644 etc/multisad.conf $(DESTDIR)$(SYSCONFDIR)/multisa/
	$(Q)[ -e $(DESTDIR)$(SYSCONFDIR)/multisa/secrets.conf ] || \
		install -m 0600 etc/secrets.conf $(DESTDIR)$(SYSCONFDIR)/multisa/

# The Debian package: build/debs/multisa_VERSION_amd64.deb (scripts/deb.sh).
deb:
	bash scripts/deb.sh $(CURDIR)/$(BUILD)/debs

# The configuration (and its secrets) stays.
uninstall:
	$(Q)rm -f $(DESTDIR)$(SBINDIR)/multisad $(DESTDIR)$(SBINDIR)/multisactl \
		$(DESTDIR)$(UNITDIR)/multisad.service \
		$(DESTDIR)$(MANDIR)/man8/multisad.8 $(DESTDIR)$(MANDIR)/man8/multisactl.8 \
		$(DESTDIR)$(MANDIR)/man5/multisad.conf.5 \
		$(DESTDIR)$(BASHCOMPDIR)/multisactl

clean:
	$(Q)rm -rf $(BUILD)

.PHONY: deb all programs deps check demo clean lab lab-check man install uninstall
