#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab-timeout: 600
# Per-CPU sets against strongSwan 6.1, which does not follow our crossing
# rule (it binds as responder to its highest unused CPU, then CPU 0), with
# traffic from every CPU of BOTH ends at once. strongSwan initiates on
# traffic (trap); multisad (A) ends with:
#  - every CPU covered once (one per-CPU SA, no duplicates), its outbound
#    used by that CPU only (nothing on the fallback after warm-up);
#  - every inbound per-CPU SA processed on its CPU (XDP steering);
#  - nothing deleted, no delete/create loop while idle.
# Rounds: 1. ECP-384 with PFS; 2. IPv6 outer addresses; 3. per_cpu_max = 2
# on multisad (its cap holds, counting its own SAs, at every moment);
# 4. a second flow of the same child (another source address on B's side)
# brings strongSwan's per-CPU requests: they join the same child (one
# fallback, three policies on A).
. /src/tests/lab/lib/ike.sh
setup_nets
in_b ip addr add 10.2.0.2/32 dev lo
attach_dp a

PCPU='per_cpu_sas = "yes"; per_cpu_acquire_gap = "200ms";'
pa() { in_a taskset -c "$1" ping -q -c "$2" -i 0.02 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; }
pb() { in_b taskset -c "$1" ping -q -c "$2" -i 0.02 -W 1 -I "${3:-10.2.0.1}" 10.1.0.1 >/dev/null 2>&1 || true; }
both() { local pids="" c; for c in 0 1 2 3; do pa $c "$1" & pids="$pids $!"; pb $c "$1" & pids="$pids $!"; done
	# shellcheck disable=SC2086
	wait $pids; }
set_of() { status a | jq -c '[.ike_sas[] | select(.state=="ESTABLISHED") | .per_cpu_sets[]][0] // {}'; }
pcpu_n() { status a | jq '[.ike_sas[].children[] | select(.cpu != null and (.state=="INSTALLED" or .state=="CREATING" or .state=="REKEYING"))] | length'; }
fb_up() { status a | jq -e '[.ike_sas[].children[] | select(.cpu == null and .state=="INSTALLED")] | length == 1' >/dev/null; }
fb_out() { status a | jq '[.ike_sas[].children[] | select(.cpu == null and .state=="INSTALLED") | .packets_out] | add // 0'; }

# swan_round NAME IKE_PROPOSAL ESP_PROPOSAL [extra multisad child lines]
swan_round() {
	local r=$1 fb t0
	write_conf a none "$PCPU ${4:-}"
	sed -i "s/aes256gcm16-prfsha256-x25519/$2/; s/\"aes128gcm16\"/\"$3\"/" "$WORK/a.conf"
	write_swan b trap 'per_cpu_sas = yes'
	sed -i "s/aes256gcm16-prfsha256-x25519/$2/; s/esp_proposals = aes128gcm16/esp_proposals = $3/" "$WORK/swan-b/swanctl.conf"
	start_swan b
	start_d a
	wait_for "$r: multisad up" 10 eval 'status a'
	t0=$(date +%s%3N)
	for _ in 1 2; do pb 0 2; sleep 0.5; done	# strongSwan's trap: IKE + fallback
	wait_for "$r: fallback up" 20 fb_up
	both 3; sleep 1; both 3
	wait_for "$r: every CPU of A covered" 30 eval '[ "$(set_of | jq -c .covered)" = "[0,1,2,3]" ]'
	echo "BENCH swan converge $r: $(( $(date +%s%3N) - t0 )) ms"
	expect_eq "$r: duplicates on A" "$(set_of | jq -c .duplicates)" "[]"
	both 3				# warm-up
	fb=$(fb_out)
	for c in 0 1 2 3; do pa $c 20; done
	expect_eq "$r: A's fallback carried nothing outbound after warm-up" "$(fb_out)" "$fb"
	steered_ok a 40 "$r: A"
	status a | jq -r '.ike_sas[].children[] | select(.state=="INSTALLED") |
		"  \(.cpu // "fb") in=\(.spi_in) peer-resid=\(.peer_resource_id) pkts_in=\(.packets_in) out=\(.packets_out)"'
	echo "  strongSwan's per-CPU states: $(ip -n "$NSB" xfrm state | grep -c pcpu-num)"
	n=$(pcpu_n); sleep 5
	expect_eq "$r: no per-CPU SA created or deleted while idle" "$(pcpu_n)" "$n"
	grep -q "redundant" "$WORK/a.log" && fail "$r: multisad deleted an SA of strongSwan's"
	pass "$r: one SA per CPU on multisad, nothing deleted"
	daemons_reset
}

swan_round 1-ecp384-pfs aes256gcm16-prfsha384-ecp384 aes128gcm16-ecp384

# 2. IPv6 outer addresses (inner IPv4 as before)
export IP_A=2001:db8::1 IP_B=2001:db8::2
swan_round 2-ipv6 aes256gcm16-prfsha256-x25519 aes128gcm16
unset IP_A IP_B

# 3. per_cpu_max = 2 on multisad: at no moment more than 2 per-CPU SAs
write_conf a none "$PCPU per_cpu_max = 2;"
write_swan b trap 'per_cpu_sas = yes'
start_swan b
start_d a
wait_for "3: multisad up" 10 eval 'status a'
for _ in 1 2; do pb 0 2; sleep 0.5; done
wait_for "3: fallback up" 20 fb_up
max=0
for _ in 1 2 3; do
	both 3 & bp=$!
	for _ in $(seq 10); do n=$(pcpu_n); [ "$n" -gt "$max" ] && max=$n; sleep 0.2; done
	wait "$bp"
done
expect_eq "3: the most per-CPU SAs multisad held at once" "$max" 2
grep -q "TS_MAX_QUEUE" "$WORK/a.log" || fail "3: no TS_MAX_QUEUE at the cap"
pass "3: the cap held at 2, TS_MAX_QUEUE beyond"
daemons_reset

# 4. a second flow of the same child: B's traffic from 10.2.0.2 too
write_conf a none "$PCPU"
write_swan b trap 'per_cpu_sas = yes'
start_swan b
start_d a
wait_for "4: multisad up" 10 eval 'status a'
for _ in 1 2; do pb 0 2; sleep 0.5; done
wait_for "4: fallback up" 20 fb_up
for c in 1 2 3; do pb $c 3 10.2.0.2; done
wait_for "4: strongSwan's per-CPU requests of the second flow bound to CPUs" 20 eval '[ "$(set_of | jq ".covered | length")" -ge 2 ]'
expect_eq "4: fallbacks on A" "$(status a | jq '[.ike_sas[].children[] | select(.cpu == null and .state=="INSTALLED")] | length')" 1
expect_eq "4: policies on A (out, in, fwd of one selector pair)" "$(ip -n "$NSA" xfrm policy | grep -c '^src')" 3
expect_eq "4: duplicates on A" "$(set_of | jq -c .duplicates)" "[]"
pass "4: the second flow's SAs joined the child"
