#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# RFC 9611 interop: multisad (A) and strongSwan 6.x with per_cpu_sas = yes
# (B; strongSwan wants start_action = trap for it), 4 vCPUs, real per-CPU
# XFRM SAs on both ends.
#  1. multisad initiates (per-CPU acquires on A), strongSwan answers:
#     per-CPU SAs for every CPU on both ends, pings pinned to CPU n leave on
#     A's SAs of CPU n, a Child SA rekey keeps the CPUs.
#  2. strongSwan initiates (its trap policy and per-CPU acquires), multisad
#     answers: per-CPU SAs on both ends, traffic from every CPU of B.
. /src/tests/lab/lib/ike.sh
setup_nets
attach_dp a
write_conf a start 'per_cpu_sas = "yes"; rekey_time = "40s"; life_time = "80s";'
write_swan b trap 'per_cpu_sas = yes'
start_swan b
start_d a
wait_for "1: fallback up" 20 children_are a 1
ping_a() { in_a taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; }
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
swan_pcpu() { ip -n "$1" xfrm state | grep -o "pcpu-num [0-9]*" | sort -u | wc -l; }
for cpu in 0 1 2 3; do ping_a $cpu 3; done
wait_for "1: multisad has a per-CPU child for every CPU" 30 eval '[ "$(pcpu_cpus a)" = 4 ]'
wait_for "1: strongSwan's kernel has per-CPU SAs" 10 eval '[ "$(swan_pcpu $NSB)" -ge 2 ]'
status a | jq -r '.ike_sas[].children[] | "\(.cpu) \(.spi_in) \(.spi_out) peer-resid=\(.peer_resource_id)"'
ip -n "$NSB" xfrm state | grep -E "^src|pcpu" | head -20
outs() { status a | jq -r '[.ike_sas[].children[] | select(.state=="INSTALLED")] |
	group_by(.cpu) | .[] | "\(.[0].cpu // "fb") \([.[].packets_out] | add)"' | sort; }
outs >"$WORK/before"
for cpu in 0 1 2 3; do ping_a $cpu 20; done
outs >"$WORK/after"
while read -r cpu n; do
	b=$(awk -v c="$cpu" '$1 == c {print $2}' "$WORK/before")
	d=$((n - ${b:-0}))
	if [ "$cpu" = fb ]; then expect_eq "1: fallback SA carried" "$d" 0
	else expect_eq "1: A's SAs of CPU $cpu carried" "$d" 20; fi
done <"$WORK/after"
cpus=$(status a | jq -c '[.ike_sas[].children[] | select(.state=="INSTALLED") | .cpu] | unique')
first=$(spis a)
wait_for "1: all children rekeyed" 60 eval '[ -z "$(comm -12 <(spis a) <(echo "$first"))" ]'
wait_for "1: the same CPUs after rekey" 10 eval '[ "$(status a | jq -c "[.ike_sas[].children[] | select(.state==\"INSTALLED\") | .cpu] | unique")" = "$cpus" ]'
for cpu in 0 1 2 3; do ping_a $cpu 3; done
pass "1: traffic after rekey"
ctl a down site >/dev/null
wait_for "1: strongSwan's SAs gone" 10 eval '[ -z "$(ip -n $NSB xfrm state | grep ^src)" ]'

# 2. strongSwan initiates on traffic from B's CPUs
write_conf a none 'per_cpu_sas = "yes";'
kill "$PID_a"; sleep 1
start_d a
wait_for "2: multisad back" 10 eval 'status a'
ping_b() { in_b taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null 2>&1 || true; }
for i in 1 2 3; do for cpu in 0 1 2 3; do ping_b $cpu 2; done; sleep 1; done
wait_for "2: strongSwan has per-CPU SAs for every CPU" 30 eval '[ "$(swan_pcpu $NSB)" = 4 ]'
wait_for "2: multisad answered with per-CPU children" 10 eval '[ "$(pcpu_cpus a)" -ge 2 ]'
status a | jq -r '.ike_sas[].children[] | "\(.cpu) \(.spi_in) \(.spi_out) \(.state)"'
for cpu in 0 1 2 3; do in_b taskset -c $cpu ping -q -c 5 -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null || fail "2: ping from B's CPU $cpu"; done
pass "2: traffic from every CPU of strongSwan's side"
