#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab-timeout: 900
# The demo's pattern (pings from every CPU of BOTH gateways at once, both
# ends on demand, 4 vCPUs), multisad<->multisad next to strongSwan 6.1 <->
# strongSwan in the same boot. Per round:
#   - time from the first packet until each gateway's kernel has exactly
#     one outbound per-CPU SA per CPU ("converged"; pings go on meanwhile),
#     or 30 s;
#   - then, after 5 s more, the per-CPU SAs each kernel holds (4 + 4 is one
#     pair per CPU; more are duplicates) and how many CPUs have more than
#     one outbound SA.
# Rounds alternate; medians printed. The same `ip xfrm state` polling for
# both. Run: bash scripts/lab/run.sh bench/lab/pcpu_converge_bench.sh
. /src/tests/lab/lib/ike.sh
ROUNDS=${ROUNDS:-5}
export SWAN_LOG=0 SWAN_LOG_DEFAULT=0 LOG_LEVEL=info
setup_nets

# outbound per-CPU SAs of namespace NS: "cpu count" lines
outs() {
	ip -n "$1" xfrm state | awk '/^src/ {d = ""} /dir out/ {d = 1}
		/pcpu-num/ && d {print $2}' | sort | uniq -c
}
one_each() { [ "$(outs "$1" | awk '$1 == 1' | wc -l)" = 4 ] && [ "$(outs "$1" | wc -l)" = 4 ]; }
pcpu_sas() { ip -n "$1" xfrm state | grep -c "pcpu-num"; }
PINGS=""
pings() {
	for c in 0 1 2 3; do
		in_a taskset -c $c ping -q -c 600 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 & PINGS="$PINGS $!"
		in_b taskset -c $c ping -q -c 600 -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null 2>&1 & PINGS="$PINGS $!"
	done
}
pings_stop() { for p in $PINGS; do kill "$p" 2>/dev/null || true; done; PINGS=""; }

measure() { # IMPL ROUND
	local t0 t1="" ms=30000 end
	t0=$(date +%s%N); pings
	end=$((t0 + 30000000000))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		one_each "$NSA" && one_each "$NSB" && { t1=$(date +%s%N); break; }
		sleep 0.02
	done
	[ -n "$t1" ] && ms=$(( (t1 - t0) / 1000000 ))
	sleep 5
	pings_stop
	local n=$(( $(pcpu_sas "$NSA") / 2 )) dup
	dup=$(outs "$NSA" | awk '$1 > 1' | wc -l)
	echo "BENCH $1 round $2: converged in $ms ms$([ -z "$t1" ] && echo ' (never: 30 s)'), per-CPU SA pairs on A $n, CPUs of A with 2+ outbound $dup"
	echo "$1 $ms $n $dup" >>"$WORK/results"
}

: >"$WORK/results"
for r in $(seq "$ROUNDS"); do
	write_conf a trap 'per_cpu_sas = "yes";'
	write_conf b trap 'per_cpu_sas = "yes";'
	start_d b; start_d a
	wait_for "multisad up" 10 eval 'status a && status b'
	for _ in 1 2; do in_a ping -q -c 2 -i 0.2 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; done
	wait_for "multisad fallback" 20 eval '[ "$(ip -n $NSA xfrm state | grep -c ^src)" -ge 2 ]'
	measure multisad "$r"
	daemons_reset

	write_swan a trap 'per_cpu_sas = yes'
	write_swan b trap 'per_cpu_sas = yes'
	start_swan b; start_swan a
	for _ in 1 2; do in_a ping -q -c 2 -i 0.2 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; done
	wait_for "strongSwan fallback" 20 eval '[ "$(ip -n $NSA xfrm state | grep -c ^src)" -ge 2 ]'
	measure strongswan "$r"
	daemons_reset
done
for impl in multisad strongswan; do
	awk -v i="$impl" '$1 == i' "$WORK/results" | sort -k2 -n |
		awk -v i="$impl" '{t[NR] = $2; n[NR] = $3; d[NR] = $4} END {
			m = int((NR + 1) / 2);
			printf "BENCH %s median: converged in %d ms; per-CPU SA pairs on A (rounds): ", i, t[m];
			for (k = 1; k <= NR; k++) printf "%d ", n[k]; printf "\n" }'
done
