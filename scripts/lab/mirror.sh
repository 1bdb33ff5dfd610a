# SPDX-License-Identifier: GPL-2.0-or-later
# mirror: the Debian mirror this system's apt uses (sourced by the lab's
# build scripts; the repository names no mirror).
mirror() {
	local m
	m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	[ -n "$m" ] || m=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
	[ -n "$m" ] || { echo "lab: no Debian mirror in the apt configuration" >&2; exit 1; }
	echo "$m"
}
