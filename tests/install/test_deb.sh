#!/usr/bin/env bash
# The Debian package: dpkg-buildpackage -b -us -uc builds it (scripts/deb.sh,
# into $BUILD/debs, where the systemd lab guest installs it from); its
# files, their modes, its conffiles, its dependencies, the unit installed
# enabled but not started, and lintian with nothing but the two findings we
# mean (the keys' directory and file closed to others).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
fail() { echo "FAIL: $*" >&2; exit 1; }
bash scripts/deb.sh "$PWD/$BUILD/debs"
ver=$(dpkg-parsechangelog -S Version)
deb=$BUILD/debs/multisa_${ver}_amd64.deb
files=$(dpkg-deb -c "$deb")
for f in ./usr/sbin/multisad ./usr/sbin/multisactl ./lib/systemd/system/multisad.service \
	 ./usr/share/man/man8/multisad.8.gz ./usr/share/man/man8/multisactl.8.gz \
	 ./usr/share/man/man5/multisad.conf.5.gz ./etc/multisa/multisad.conf \
	 ./usr/share/bash-completion/completions/multisactl; do
	grep -q " $f\$" <<<"$files" || fail "$f not in the package"
done
grep -q '^-rw------- root/root .* ./etc/multisa/secrets.conf$' <<<"$files" || fail "secrets.conf not 0600"
grep -q '^drwx------ root/root .* ./etc/multisa/$' <<<"$files" || fail "/etc/multisa not 0700"
grep -q '^drwx------ root/root .* ./etc/multisa/private/$' <<<"$files" || fail "/etc/multisa/private not 0700"
for d in x509 x509ca x509crl; do
	grep -q " ./etc/multisa/$d/\$" <<<"$files" || fail "/etc/multisa/$d not in the package"
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dpkg-deb -e "$deb" "$tmp"
grep -qx /etc/multisa/multisad.conf "$tmp/conffiles" || fail "multisad.conf is not a conffile"
grep -qx /etc/multisa/secrets.conf "$tmp/conffiles" || fail "secrets.conf is not a conffile"
grep -q 'deb-systemd-helper enable' "$tmp/postinst" || fail "the unit is not enabled on install"
grep -q 'systemctl.*start' "$tmp/postinst" && fail "the package starts the unit"
dpkg-deb -f "$deb" Depends | grep -q libxdp1 || fail "no libxdp1 dependency"
unexpected=$(grep -E '^[EW]:' "$BUILD/debs/lintian.txt" |
	grep -vE 'non-standard-(dir|file)-perm 0(700|600) != 0(755|644) \[etc/multisa/(secrets.conf|private/)?\]' || true)
[ -z "$unexpected" ] || fail "lintian: $unexpected"
echo "ok: $deb: files, modes, conffiles, enabled not started, lintian clean but the key modes"
