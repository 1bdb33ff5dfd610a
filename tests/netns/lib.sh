# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the netns tests: two namespaces joined by a veth pair, cleaned up
# on exit (also after a failure), and small assertion helpers.
#
#   +-------- msa-a-PID --------+        +-------- msa-b-PID --------+
#   | va 192.0.2.1 2001:db8::1  |<------>| vb 192.0.2.2 2001:db8::2  |
#   | TC egress accounting      |  veth  | XDP steering + TC ingress |
#   +---------------------------+        +---------------------------+
#
# Both namespaces share the host's bpffs, so one pin root (a fresh one per
# run) holds the maps of both sides; commands enter a namespace with
# nsenter --net (which, unlike `ip netns exec`, keeps /sys/fs/bpf).
set -eu
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
CTL=$BUILD/multisactl
NSA=msa-a-$$
NSB=msa-b-$$
export MULTISA_PIN_ROOT=/sys/fs/bpf/multisa-nstest-$$

cleanup() {
	set +e
	ip netns del "$NSA" 2>/dev/null
	ip netns del "$NSB" 2>/dev/null
	"$CTL" purge 2>/dev/null
	rm -rf "$MULTISA_PIN_ROOT" 2>/dev/null
}
trap cleanup EXIT INT TERM

in_a() { nsenter --net=/run/netns/"$NSA" "$@"; }
in_b() { nsenter --net=/run/netns/"$NSB" "$@"; }

setup_pair() {
	ip netns add "$NSA"
	ip netns add "$NSB"
	ip link add va netns "$NSA" type veth peer name vb netns "$NSB"
	in_a ip addr add 192.0.2.1/24 dev va
	in_b ip addr add 192.0.2.2/24 dev vb
	in_a ip addr add 2001:db8::1/64 dev va nodad
	in_b ip addr add 2001:db8::2/64 dev vb nodad
	in_a ip link set va up
	in_b ip link set vb up
	in_a ip link set lo up
	in_b ip link set lo up
	# static neighbours: no ARP/ND traffic in the counters
	local ma mb
	mb=$(in_b ip -br link show vb | awk '{print $3}')
	ma=$(in_a ip -br link show va | awk '{print $3}')
	in_a ip neigh replace 192.0.2.2 lladdr "$mb" dev va nud permanent
	in_a ip neigh replace 2001:db8::2 lladdr "$mb" dev va nud permanent
	in_b ip neigh replace 192.0.2.1 lladdr "$ma" dev vb nud permanent
	in_b ip neigh replace 2001:db8::1 lladdr "$ma" dev vb nud permanent
}

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got $2, want $3"
	pass "$1 = $3"
}

# UDP datagrams the kernel dropped at full sockets or under memory pressure
# in namespace $1 (UdpRcvbufErrors + UdpMemErrors, IPv4)
udp_drops() {
	ip netns exec "$1" awk '$1 == "Udp:" && !h { for (i = 2; i <= NF; i++) { if ($i == "RcvbufErrors") c = i; if ($i == "MemErrors") m = i }; h = 1; next }
		$1 == "Udp:" { print $c + $m }' /proc/net/snmp
}
