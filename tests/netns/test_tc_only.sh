#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Where XDP is not attached (attach ... xdp none), TC ingress classifies
# inbound ESP by SPI itself: every packet is accounted to its SA on the CPU
# that processed it, and packets on a CPU other than the SA's owner show up
# as off-CPU (nothing steers them). Also: bpftool prints the pinned maps
# as structs (BTF), and bad input to multisactl gets a clear error.
. "$(dirname "$0")/lib.sh"
N=40
setup_pair
in_b "$CTL" attach vb xdp none
in_b "$CTL" steer add spi 0x5000 dst 192.0.2.2 cpu 1 id 5
in_a taskset -c 0 "$BUILD/tests/tools/esp_send" 192.0.2.2 0x5000 $N
in_a taskset -c 1 "$BUILD/tests/tools/esp_send" 192.0.2.2 0x5000 $N udp
sleep 0.3
J=$("$CTL" --json stats)
ctr() { jq -r --arg c "$1" '.counters[$c].total' <<<"$J"; }
rx() { jq -r --argjson c "$1" '.sas[] | select(.id == 5) | .per_cpu[$c].rx_pkts' <<<"$J"; }
expect_eq "tc_in_classified" "$(ctr tc_in_classified)" $((2 * N))
expect_eq "tc_in_meta (no XDP)" "$(ctr tc_in_meta)" 0
expect_eq "xdp_rx (no XDP)" "$(ctr xdp_rx)" 0
expect_eq "SA 5 packets, all CPUs" $(( $(rx 0) + $(rx 1) )) $((2 * N))
expect_eq "off-CPU + on-CPU = all" \
	$(( $(ctr tc_in_off_cpu) + $(ctr tc_in_on_cpu) )) $((2 * N))

# BTF: bpftool pretty-prints the steering entry's fields by name
bpftool map dump pinned "$MULTISA_PIN_ROOT/msa_steer" | grep -q '"sa_id": 5' \
	|| fail "bpftool does not show msa_steer as structs"
pass "bpftool map dump shows named fields"

# clear errors, non-zero exit, nothing changed
expect_err() { # WHAT PATTERN CMD...
	local what=$1 pat=$2 out; shift 2
	if out=$("$@" 2>&1); then fail "$what: succeeded"; fi
	grep -q "$pat" <<<"$out" || fail "$what: message was: $out"
	pass "$what: $pat"
}
expect_err "duplicate SPI" "already there" in_b "$CTL" steer add spi 0x5000 dst 192.0.2.2 cpu 0 id 6
expect_err "CPU out of range" "out of range" in_b "$CTL" steer add spi 0x6000 cpu 999 id 6
expect_err "bad address" "not an IPv4 or IPv6" in_b "$CTL" steer add spi 0x6000 dst nowhere cpu 0 id 6
expect_err "missing interface" "not found" in_b "$CTL" attach nosuchif0
expect_err "missing SA" "no inbound SA" in_b "$CTL" steer del spi 0x7000
expect_err "no maps" "not loaded" env MULTISA_PIN_ROOT=/sys/fs/bpf/multisa-none-$$ "$CTL" stats
expect_eq "entries after the errors" "$(in_b "$CTL" --json steer list | jq length)" 1
