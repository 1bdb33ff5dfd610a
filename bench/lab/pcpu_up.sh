#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Time from "up" to a per-CPU SA for every CPU (4 vCPUs), multisad<->multisad
# next to strongSwan<->strongSwan in the same lab boot (TCG: compare ratios).
#   multisad-demand   A: start_action = trap, per_cpu_sas = yes; the clock
#                     starts with pinned pings on CPUs 0-3 of A (the first
#                     packet's acquire makes the fallback, then each CPU's
#                     per-CPU acquire its SA)
#   strongswan-demand the same with strongSwan on both ends (trap,
#                     per_cpu_sas = yes), the same pings
#   multisad-all      A: per_cpu_create = all; the clock starts at
#                     `multisactl up` (no traffic needed)
# The clock stops when A's kernel holds SAs for all 4 CPUs (distinct
# pcpu-num in `ip xfrm state`), polled the same way for all. Rounds
# alternate; medians are printed.
# Run: bash scripts/lab/run.sh bench/lab/pcpu_up.sh
. /src/tests/lab/lib/ike.sh
ROUNDS=${ROUNDS:-3}
export SWAN_LOG=0 SWAN_LOG_DEFAULT=0
setup_nets

pcpu_on_a() { ip -n "$NSA" xfrm state | grep -o "pcpu-num [0-9]*" | sort -u | wc -l; }
PINGS=""
pings_start() {
	for cpu in 0 1 2 3; do
		in_a taskset -c $cpu ping -q -c 400 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 &
		PINGS="$PINGS $!"
	done
}
pings_stop() { for p in $PINGS; do kill "$p" 2>/dev/null || true; done; PINGS=""; }

# clock IMPL ROUND T0: until 4 CPUs on A
clock() {
	local t1=""
	for _ in $(seq 1500); do
		[ "$(pcpu_on_a)" -ge 4 ] && { t1=$(date +%s%N); break; }
		sleep 0.02
	done
	pings_stop
	[ -n "$t1" ] || { show_logs; show_swan a; fail "$1: $(pcpu_on_a) CPUs after 30 s"; }
	local ms=$(( (t1 - $3) / 1000000 ))
	echo "BENCH $1 round $2: up to 4 per-CPU SAs in $ms ms"
	echo "$1 $ms" >>"$WORK/results"
}

export LOG_LEVEL=info

: >"$WORK/results"
for r in $(seq "$ROUNDS"); do
	write_conf a trap 'per_cpu_sas = "yes";'
	write_conf b none 'per_cpu_sas = "yes";'
	start_d b; start_d a
	wait_for "multisad up" 10 eval 'status a && status b'
	sleep 1
	t0=$(date +%s%N); pings_start
	clock multisad-demand "$r" "$t0"
	daemons_reset

	write_swan a trap 'per_cpu_sas = yes'
	write_swan b none 'per_cpu_sas = yes'
	start_swan b; start_swan a
	sleep 1
	t0=$(date +%s%N); pings_start
	clock strongswan-demand "$r" "$t0"
	daemons_reset

	write_conf a none 'per_cpu_sas = "yes"; per_cpu_create = "all";'
	write_conf b none 'per_cpu_sas = "yes";'
	start_d b; start_d a
	wait_for "multisad up" 10 eval 'status a && status b'
	t0=$(date +%s%N); ctl a up site >/dev/null
	clock multisad-all "$r" "$t0"
	daemons_reset
done
for impl in multisad-demand strongswan-demand multisad-all; do
	med=$(awk -v i="$impl" '$1 == i {print $2}' "$WORK/results" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
	echo "BENCH $impl median: up to 4 per-CPU SAs in $med ms"
	eval "MED_${impl//-/_}=$med"
done
echo "BENCH ratio: multisad-demand / strongswan-demand = $(awk -v m="$MED_multisad_demand" -v s="$MED_strongswan_demand" 'BEGIN { printf "%.2f", m / s }')"
