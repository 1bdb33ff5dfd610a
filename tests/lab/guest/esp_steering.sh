#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# In the lab guest (real ESP): a transport-mode AES-GCM SA pair between two
# namespaces (entered with ip xfrm until multisad installs them), real
# pings across, our XDP attached on B's veth steering A->B's SPI to CPU 1.
# The kernel decrypts every packet (XFRM counters), and our counters show
# each ESP packet was processed on CPU 1 wherever it arrived.
. /src/tests/netns/lib.sh
uname -r
setup_pair
KEY=0x$(printf '%040x' 0x1234567890abcdef)  # 16-byte AES key + 4-byte salt
for ns in "$NSA" "$NSB"; do
	ip -n "$ns" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0xa0000001 \
		reqid 1 mode transport aead 'rfc4106(gcm(aes))' $KEY 128
	ip -n "$ns" xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0xb0000001 \
		reqid 1 mode transport aead 'rfc4106(gcm(aes))' $KEY 128
done
ip -n "$NSA" xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir out tmpl proto esp reqid 1 mode transport
ip -n "$NSA" xfrm policy add src 192.0.2.2 dst 192.0.2.1 dir in tmpl proto esp reqid 1 mode transport
ip -n "$NSB" xfrm policy add src 192.0.2.2 dst 192.0.2.1 dir out tmpl proto esp reqid 1 mode transport
ip -n "$NSB" xfrm policy add src 192.0.2.1 dst 192.0.2.2 dir in tmpl proto esp reqid 1 mode transport

in_b "$CTL" attach vb
in_b "$CTL" steer add spi 0xa0000001 dst 192.0.2.2 cpu 1 id 1
in_a "$CTL" attach va xdp none
in_a "$CTL" txsa add spi 0xa0000001 dst 192.0.2.2 cpu any id 2

for cpu in 0 2 3; do
	in_a taskset -c $cpu ping -q -c 10 -i 0.05 -W 2 192.0.2.2 || fail "ping from cpu $cpu"
done
"$CTL" stats
ip -n "$NSB" -s xfrm state
J=$("$CTL" --json stats)
sa() { jq -r --argjson id "$1" --arg f "$2" '[.sas[] | select(.id == $id) | .per_cpu[][$f]] | add' <<<"$J"; }
sa_cpu() { jq -r --argjson id "$1" --arg f "$2" --argjson c "$3" '.sas[] | select(.id == $id) | .per_cpu[$c][$f]' <<<"$J"; }
expect_eq "ESP packets A sent (TC egress)" "$(sa 2 tx_pkts)" 30
expect_eq "ESP packets B's XDP steered" "$(sa 1 xdp_pkts)" 30
expect_eq "processed on CPU 1" "$(sa_cpu 1 rx_pkts 1)" 30
expect_eq "processed off CPU" "$(sa 1 rx_off_cpu)" 0
# the pings above got their replies: XFRM decrypted in both directions
