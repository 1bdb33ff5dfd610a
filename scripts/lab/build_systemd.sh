#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The second kind of lab guest: the same sid kernel, a root of this host's
# own Debian release (where the .deb built here installs with its real
# dependencies) with systemd as PID 1, for the package and service tests
# (tests/lab/systemd/). In $MSA_LAB_CACHE/root-systemd; FORCE=1 rebuilds.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${MSA_LAB_CACHE:-/var/cache/multisa-lab}
ROOT=$CACHE/root-systemd
STAMP=$CACHE/ready-systemd

bash "$TOP/scripts/lab/build.sh" >/dev/null	# builds only what changed

# shellcheck source=mirror.sh
. "$(dirname "$0")/mirror.sh"

# shellcheck disable=SC1091
SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")
# multisa's runtime libraries come as the package's dependencies would
PKGS=systemd,systemd-sysv,dbus,iproute2,kmod,procps,iputils-ping,jq,\
libbpf1,libxdp1,libmnl0,libconfig9,libjansson4,libcap-ng0,libseccomp2,\
libssl3,libelf1,zlib1g,libsystemd0,libmicrohttpd12
# built once per package list (the stamp holds it); FORCE=1 rebuilds
[ "${FORCE:-0}" = 1 ] && rm -f "$STAMP"
KV=$(cat "$CACHE/kernel-version")
[ "$(cat "$STAMP" 2>/dev/null)" = "$SUITE $PKGS $KV" ] && exit 0
rm -rf "$ROOT"
debootstrap --variant=minbase --include="$PKGS" "$SUITE" "$ROOT" "$(mirror)" \
	>"$CACHE/debootstrap-systemd.log" 2>&1 ||
	{ tail -20 "$CACHE/debootstrap-systemd.log" >&2; exit 1; }
kv=$KV
mkdir -p "$ROOT/usr/lib/modules"
cp -a "$CACHE"/kernel/x/usr/lib/modules/"$kv" "$ROOT/usr/lib/modules/"
chroot "$ROOT" depmod -a "$kv"
rm -rf "$ROOT"/usr/share/{doc,locale,info} "$ROOT"/var/cache/apt/archives/*.deb
# no login prompts on the console the test reports on
chroot "$ROOT" systemctl mask serial-getty@ttyS0.service getty@tty1.service \
	systemd-firstboot.service >/dev/null 2>&1 || true
echo lab > "$ROOT/etc/hostname"
mkdir -p "$ROOT/lab" "$ROOT/src"
echo "$SUITE $PKGS $KV" >"$STAMP"
echo "systemd guest: $SUITE, systemd $(chroot "$ROOT" dpkg-query -W -f='${Version}' systemd)"
