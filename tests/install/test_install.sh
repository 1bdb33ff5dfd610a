#!/usr/bin/env bash
# `make install` as the README's "Install and run on a gateway" says, into
# a DESTDIR: every file where it belongs with its mode, the unit verified by
# systemd-analyze (and its exposure printed), man pages that render, a
# second install keeping an edited configuration, uninstall keeping it too.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mk() { make -s BUILD="$BUILD" DESTDIR="$T" "$@" >/dev/null; }

mk install
for f in usr/sbin/multisad usr/sbin/multisactl usr/lib/systemd/system/multisad.service \
	usr/share/man/man8/multisad.8 usr/share/man/man8/multisactl.8 \
	usr/share/man/man5/multisad.conf.5 \
	usr/share/bash-completion/completions/multisactl \
	etc/multisa/multisad.conf etc/multisa/secrets.conf; do
	[ -f "$T/$f" ] || fail "not installed: /$f"
done
find "$T" -type f | sed "s|^$T||" | sort
[ "$(stat -c %a "$T/etc/multisa/secrets.conf")" = 600 ] || fail "secrets.conf not 0600"
[ "$(stat -c %a "$T/etc/multisa")" = 700 ] || fail "/etc/multisa not 0700"
[ "$(stat -c %a "$T/etc/multisa/private")" = 700 ] || fail "/etc/multisa/private not 0700"
for d in x509 x509ca x509crl; do
	[ -d "$T/etc/multisa/$d" ] || fail "no /etc/multisa/$d (certificates, docs/config.md)"
done
[ "$(stat -c %a "$T/usr/sbin/multisad")" = 755 ] || fail "multisad not 0755"
"$T/usr/sbin/multisad" --version | grep -q "^multisad " || fail "--version"
"$T/usr/sbin/multisactl" --version | grep -q "^multisactl " || fail "--version (ctl)"
grep -q '^ExecStart=/usr/sbin/multisad -c /etc/multisa/multisad.conf$' \
	"$T/usr/lib/systemd/system/multisad.service" || fail "ExecStart"
grep -q '^ExecReload=/usr/sbin/multisactl reload$' \
	"$T/usr/lib/systemd/system/multisad.service" || fail "ExecReload"
for p in multisad.8 multisactl.8; do
	man -l "$T/usr/share/man/man8/$p" 2>/dev/null | grep -q "SYNOPSIS" || fail "man $p"
done
man -l "$T/usr/share/man/man5/multisad.conf.5" 2>/dev/null | grep -q "child_sas_max" ||
	fail "multisad.conf(5) lacks the keys"
sed -e "s|ExecStart=/usr/sbin/|ExecStart=$T/usr/sbin/|" -e "s|ExecReload=/usr/sbin/|ExecReload=$T/usr/sbin/|" \
	"$T/usr/lib/systemd/system/multisad.service" >"$T/multisad.service"
systemd-analyze verify --man=no "$T/multisad.service" || fail "systemd-analyze verify"
systemd-analyze security --offline=yes --root="$T" multisad.service 2>/dev/null |
	grep "Overall exposure" || fail "systemd-analyze security"
echo "# edited" >>"$T/etc/multisa/multisad.conf"
mk install
grep -q "^# edited" "$T/etc/multisa/multisad.conf" || fail "install overwrote the configuration"
mk uninstall
[ ! -e "$T/usr/sbin/multisad" ] && [ ! -e "$T/usr/lib/systemd/system/multisad.service" ] ||
	fail "uninstall left binaries or the unit"
[ -f "$T/etc/multisa/multisad.conf" ] && [ -f "$T/etc/multisa/secrets.conf" ] ||
	fail "uninstall removed the configuration"
grep -q "make install" README.md && grep -q "systemctl enable --now multisad" README.md ||
	fail "the README's install section"
echo "install: files, modes, unit, man pages, no overwrite, uninstall: ok"
