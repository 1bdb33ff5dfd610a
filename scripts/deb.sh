#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the Debian package from this tree (dpkg-buildpackage -b -us -uc)
# and move it, with its .changes and .buildinfo, from the parent directory
# (where dpkg puts them) into OUT (default build/debs). Then lintian; its
# findings go to OUT/lintian.txt and are printed.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$TOP/build/debs}
cd "$TOP"
ver=$(dpkg-parsechangelog -S Version)
dpkg-buildpackage -b -us -uc -j"$(nproc)" >"$TOP/build-deb.log" 2>&1 ||
	{ tail -30 "$TOP/build-deb.log" >&2; exit 1; }
mkdir -p "$OUT"
for f in "multisa_${ver}_amd64.deb" "multisa_${ver}_amd64.changes" \
	 "multisa_${ver}_amd64.buildinfo"; do
	mv -f "../$f" "$OUT/"
done
echo "deb: $OUT/multisa_${ver}_amd64.deb"
if command -v lintian >/dev/null; then
	lintian --allow-root "$OUT/multisa_${ver}_amd64.deb" >"$OUT/lintian.txt" 2>&1 || true
	sed 's/^/lintian: /' "$OUT/lintian.txt"
fi
