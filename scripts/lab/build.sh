#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (or reuse) the lab guest: Debian sid's cloud kernel (ESP, per-CPU
# SAs) and a sid root filesystem with strongSwan, iproute2, iperf3, tcpdump
# and the runtime libraries multisa needs. Stored outside the work tree in
# $MSA_LAB_CACHE (default /var/cache/multisa-lab); FORCE=1 rebuilds.
# The mirror is the one this system's apt uses; sid is never installed into
# the host, only fetched with a private apt state.
set -euo pipefail
CACHE=${MSA_LAB_CACHE:-/var/cache/multisa-lab}
ROOT=$CACHE/root
STAMP=$CACHE/ready

# The guest's packages; a cache built with another list is rebuilt.
# Libreswan conflicts with strongSwan's packages (both are IKE servers), so
# it is not installed but unpacked over the root (add_libreswan) after its
# dependencies (LSW_DEPS) are installed here.
LSW_DEPS=dns-root-data,bind9-host,iptables,libnss3-tools,libaudit1,\
libcap-ng0,libcrypt1,libcurl4-gnutls,libevent-core-2.1-7t64,\
libevent-pthreads-2.1-7t64,libldap2,libldns3t64,libnspr4,libnss3,libpam0g,\
libselinux1,libunbound8
PKGS=iproute2,strongswan-swanctl,charon-systemd,libstrongswan-standard-plugins,\
libcharon-extra-plugins,strongswan-pki,iperf3,tcpdump,kmod,procps,\
iputils-ping,util-linux,jq,bpftool,openssl,$LSW_DEPS

[ "${FORCE:-0}" = 1 ] && rm -rf "$CACHE"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PKGS" ]; then
	cat "$CACHE/versions"
	exit 0
fi

# shellcheck source=mirror.sh
. "$(dirname "$0")/mirror.sh"

host_tools() {
	local need=()
	for p in qemu-system-x86 qemu-system-common debootstrap debian-archive-keyring; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
	done
	[ ${#need[@]} -eq 0 ] && return
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${need[@]}" >/dev/null
}

APT=()
sid_apt_init() {
	local d=$CACHE/apt
	mkdir -p "$d"/lists/partial "$d"/cache/archives/partial
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $1 sid main" \
		>"$d/sources.list"
	APT=(-o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null
	     -o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache"
	     -o Dir::State::status=/dev/null -o APT::Architectures=amd64)
	apt-get "${APT[@]}" -qq update
}

fetch_kernel() {
	local kv dir=$CACHE/kernel
	kv=$(apt-cache "${APT[@]}" depends linux-image-cloud-amd64 |
		sed -n 's/.*Depends: linux-image-\(.*\)$/\1/p' | head -1)
	[ -n "$kv" ] || { echo "lab: cannot resolve the sid cloud kernel" >&2; exit 1; }
	mkdir -p "$dir/debs" "$dir/x"
	chmod 777 "$dir/debs" # apt's _apt user downloads there
	(cd "$dir/debs" && apt-get "${APT[@]}" -qq download \
		"linux-binary-$kv" "linux-modules-$kv" "linux-base-$kv")
	for f in "$dir"/debs/*.deb; do dpkg-deb -x "$f" "$dir/x"; done
	cp "$(find "$dir/x" -name "vmlinuz*" | head -1)" "$CACHE/vmlinuz"
	echo "$kv" >"$CACHE/kernel-version"
}

make_root() {
	local kv
	kv=$(cat "$CACHE/kernel-version")
	rm -rf "$ROOT"
	debootstrap --variant=minbase --include="$PKGS" \
		sid "$ROOT" "$1" >"$CACHE/debootstrap.log" 2>&1 ||
		{ tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
	mkdir -p "$ROOT/usr/lib/modules"
	cp -a "$CACHE"/kernel/x/usr/lib/modules/"$kv" "$ROOT/usr/lib/modules/"
	chroot "$ROOT" depmod -a "$kv"
	rm -rf "$ROOT"/usr/share/{doc,man,locale,info} "$ROOT"/var/cache/apt/archives/*.deb
	mkdir -p "$ROOT/lab" "$ROOT/src"
}

add_libreswan() {
	local dir=$CACHE/libreswan
	rm -rf "$dir"
	mkdir -p "$dir"
	chmod 777 "$dir" # apt's _apt user downloads there
	(cd "$dir" && apt-get "${APT[@]}" -qq download libreswan)
	dpkg-deb -x "$dir"/libreswan_*.deb "$ROOT"
	dpkg-deb -f "$dir"/libreswan_*.deb Version >"$CACHE/libreswan-version"
}

record_versions() {
	{
		echo "kernel: $(cat "$CACHE/kernel-version")"
		echo "iproute2: $(chroot "$ROOT" dpkg-query -W -f='${Version}' iproute2)"
		echo "strongswan: $(chroot "$ROOT" dpkg-query -W -f='${Version}' charon-systemd)"
		echo "libreswan: $(cat "$CACHE/libreswan-version") (unpacked)"
	} >"$CACHE/versions"
	cat "$CACHE/versions"
}

mkdir -p "$CACHE"
host_tools
M=$(mirror)
sid_apt_init "$M"
fetch_kernel
make_root "$M"
add_libreswan
record_versions
echo "$PKGS" >"$STAMP"
