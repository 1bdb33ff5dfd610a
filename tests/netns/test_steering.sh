#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Real kernel, real veth, real XDP + cpumap + TC: crafted ESP (raw IPv4,
# raw IPv6, ESP-in-UDP) sent from namespace A pinned to each CPU; in B, XDP
# steers each SPI to the CPU its steering entry names and TC ingress proves
# every packet of SPI X was processed on that CPU. TC egress in A shows
# which CPU sent on which outbound SA. First with xdp-meta on (XDP hands
# TC the SA), then with the default (TC classifies by SPI itself).
. "$(dirname "$0")/lib.sh"
N=50
NCPU=$(nproc)
[ "$NCPU" -ge 2 ] || fail "needs 2 CPUs, have $NCPU"

setup_pair
in_b "$CTL" attach vb xdp native xdp-meta on
in_a "$CTL" attach va xdp none

#       SPI     dst          cpu id  transport
SAS="0x1000  192.0.2.2    1   1   raw
     0x2000  192.0.2.2    0   2   raw
     0x3000  2001:db8::2  1   3   raw
     0x4000  192.0.2.2    1   4   udp"
while read -r spi dst cpu id _; do
	in_b "$CTL" steer add spi "$spi" dst "$dst" cpu "$cpu" id "$id"
done <<<"$SAS"
# outbound accounting in A: SPI 0x1000 is CPU 1's own SA, 0x2000 the fallback
in_a "$CTL" txsa add spi 0x1000 dst 192.0.2.2 cpu 1 id 11
in_a "$CTL" txsa add spi 0x2000 dst 192.0.2.2 cpu any id 12
in_b "$CTL" steer list

for sender in 0 1; do
	while read -r spi dst _ _ tr; do
		in_a taskset -c "$sender" "$BUILD/tests/tools/esp_send" "$dst" "$spi" $N \
			"$([ "$tr" = udp ] && echo udp || echo raw)"
	done <<<"$SAS"
done
sleep 0.5
"$CTL" stats
J=$("$CTL" --json stats)

sa() { # sa ID DIR FIELD CPU
	jq -r --argjson id "$1" --arg d "$2" --arg f "$3" --argjson c "$4" \
		'.sas[] | select(.id == $id and .dir == $d) | .per_cpu[$c][$f]' <<<"$J"
}
ctr() { jq -r --arg c "$1" '.counters[$c].total' <<<"$J"; }

while read -r spi dst cpu id tr; do
	other=$((1 - cpu))
	# veth runs XDP on the CPU whose NAPI poll picks the packet up: mostly
	# the sender's, not always; what counts is where TC processed it.
	expect_eq "SA $id ($tr $dst) seen by XDP" \
		$(( $(sa "$id" in xdp_pkts 0) + $(sa "$id" in xdp_pkts 1) )) $((2 * N))
	expect_eq "SA $id processed on its cpu $cpu" "$(sa "$id" in rx_pkts "$cpu")" $((2 * N))
	expect_eq "SA $id processed on cpu $other" "$(sa "$id" in rx_pkts "$other")" 0
	expect_eq "SA $id off-cpu" "$(sa "$id" in rx_off_cpu "$cpu")" 0
done <<<"$SAS"
expect_eq "xdp_redirect + xdp_local" $(( $(ctr xdp_redirect) + $(ctr xdp_local) )) $((8 * N))
[ "$(ctr xdp_redirect)" -gt 0 ] || fail "nothing was redirected"
expect_eq "tc_in_meta" "$(ctr tc_in_meta)" $((8 * N))
expect_eq "tc_in_off_cpu" "$(ctr tc_in_off_cpu)" 0
expect_eq "xdp_unknown_spi" "$(ctr xdp_unknown_spi)" 0

# egress in A: each CPU sent N on each SA
expect_eq "tx SA 11 from cpu 1 (own SA)" "$(sa 11 out tx_pkts 1)" $N
expect_eq "tx SA 11 from cpu 0 (other CPU's SA)" "$(sa 11 out tx_off_cpu 0)" $N
expect_eq "tx SA 12 fallback from cpu 0" "$(sa 12 out tx_pkts 0)" $N
expect_eq "tc_out_own_sa" "$(ctr tc_out_own_sa)" $N
expect_eq "tc_out_other_cpu" "$(ctr tc_out_other_cpu)" $N
expect_eq "tc_out_fallback" "$(ctr tc_out_fallback)" $((2 * N))

# unknown SPIs: passed by default, dropped by the knob
in_a "$BUILD/tests/tools/esp_send" 192.0.2.2 0xdead 10
in_b "$CTL" set drop-unknown-spi on
in_a "$BUILD/tests/tools/esp_send" 192.0.2.2 0xdead 10
sleep 0.2
J=$("$CTL" --json stats)
expect_eq "unknown SPI passed" "$(ctr xdp_unknown_spi)" 10
expect_eq "unknown SPI dropped" "$(ctr xdp_drop_unknown)" 10
expect_eq "TC saw only the passed ones" "$(ctr tc_in_unknown_spi)" 10

# xdp-meta off, the default: TC classifies every packet itself; the same
# CPUs, and nothing arrives with metadata
in_b "$CTL" set drop-unknown-spi off
in_b "$CTL" detach vb
in_b "$CTL" attach vb xdp native
meta0=$(ctr tc_in_meta); cls0=$(ctr tc_in_classified)
while read -r spi dst _ _ tr; do
	in_a taskset -c 0 "$BUILD/tests/tools/esp_send" "$dst" "$spi" $N \
		"$([ "$tr" = udp ] && echo udp || echo raw)"
done <<<"$SAS"
sleep 0.5
J=$("$CTL" --json stats)
expect_eq "xdp-meta off: tc_in_meta" "$(ctr tc_in_meta)" "$meta0"
expect_eq "xdp-meta off: classified by TC" $(( $(ctr tc_in_classified) - cls0 )) $((4 * N))
while read -r spi dst cpu id tr; do
	expect_eq "xdp-meta off: SA $id processed on its cpu $cpu" "$(sa "$id" in rx_pkts "$cpu")" $((3 * N))
done <<<"$SAS"
expect_eq "xdp-meta off: tc_in_off_cpu" "$(ctr tc_in_off_cpu)" 0

in_b "$CTL" detach vb
in_a "$CTL" detach va
in_b ip link show vb | grep -q xdp && fail "XDP still attached after detach"
pass "detached"
