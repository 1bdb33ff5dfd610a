#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# IKEv2 and ESP over IPv6 between two multisad (4 vCPUs), IPv6 inner
# networks, per-CPU SAs all at once and our XDP on B:
#  - the IKE SA and the fallback come up over 2001:db8::1 <-> ::2, the SA
#    pairs agree (in = the other's out), ping6 crosses the tunnel;
#  - a per-CPU SA pair for every CPU; pings pinned to CPU n on A are
#    processed on B's CPU of that SA (XDP steering of IPv6 ESP);
#  - a child rekey keeps the tunnel; `down` empties both kernels.
. /src/tests/lab/lib/ike.sh
export IP_A=2001:db8::1 IP_B=2001:db8::2 NET_A=fd00:1::/64 NET_B=fd00:2::/64
setup_pair
in_a ip addr add fd00:1::1/128 dev lo
in_b ip addr add fd00:2::1/128 dev lo
in_a ip -6 route add fd00:2::/64 via 2001:db8::2 src fd00:1::1
in_b ip -6 route add fd00:1::/64 via 2001:db8::1 src fd00:2::1
attach_dp b
write_conf a start 'per_cpu_sas = "yes"; per_cpu_create = "all"; rekey_time = "30s"; life_time = "60s";'
write_conf b none 'per_cpu_sas = "yes";'
start_d b
start_d a
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
wait_for "IKE SA and fallback over IPv6" 20 eval 'status a | jq -e "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu==null)] | length == 1"'
expect_eq "A's IKE peer" "$(status a | jq -r '.ike_sas[0].remote' | sed 's/\[\(.*\)\].*/\1/')" "2001:db8::2"
wait_for "a per-CPU SA for every CPU on A" 30 eval '[ "$(pcpu_cpus a)" = 4 ]'
wait_for "SA pairs agree" 10 pairs_match
n=$(ip -n "$NSB" xfrm state | grep -c "^src 2001:db8::1 dst 2001:db8::2")
[ "$n" -ge 5 ] || fail "B's inbound IPv6 ESP states: $n, want >= 5"
pass "B holds $n inbound IPv6 ESP states"
for cpu in 0 1 2 3; do
	in_a taskset -c $cpu ping -6 -q -c 20 -i 0.05 -W 1 -I fd00:1::1 fd00:2::1 >/dev/null ||
		fail "ping6 through the tunnel from CPU $cpu"
done
pass "ping6 through the tunnel from every CPU"
steered_ok b 80 "B (IPv6 ESP)"
first=$(spis a)
wait_for "all children rekeyed" 60 eval '[ -z "$(comm -12 <(spis a) <(echo "$first"))" ]'
in_a ping -6 -q -c 3 -i 0.1 -W 1 -I fd00:1::1 fd00:2::1 >/dev/null || fail "ping6 after rekey"
pass "ping6 after rekey"
ctl a down site >/dev/null
wait_for "both kernels empty after down" 10 eval '[ -z "$(ip -n $NSA xfrm state)$(ip -n $NSB xfrm state)" ]'
