#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# In the lab guest (4 vCPUs, TCG: emulated crypto, compare ratios): one
# tunnel between two multisad, 4 iperf3 flows pinned to CPUs 0-3 of A,
# in three configurations of the same boot:
#   single  one Child SA (per_cpu_sas = no), XDP steering on
#   pcpu    per-CPU SAs (all at once), XDP steering on
#   pcpu-tc per-CPU SAs, no XDP on B (TC-only accounting)
# Prints "BENCH <config>: <Mbit/s> total, busiest CPU <share> of B's
# decrypts" and the time from start to all per-CPU SAs up.
# Run: bash scripts/lab/run.sh bench/lab/pcpu_throughput.sh
. /src/tests/lab/lib/ike.sh
setup_nets
T=${T:-5}

run_cfg() { # name, child lines, xdp(yes|no)
	local name=$1 t0 t1
	for s in a b; do "$CTL" --pin-root "$MULTISA_PIN_ROOT-$s" purge 2>/dev/null || true; done
	in_a "$CTL" --pin-root "$MULTISA_PIN_ROOT-a" detach va 2>/dev/null || true
	in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" detach vb 2>/dev/null || true
	attach_dp a
	if [ "$3" = yes ]; then attach_dp b
	else in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" attach vb xdp none >/dev/null; fi
	write_conf a start "$2"
	write_conf b none "$2"
	t0=$(date +%s%N)
	start_d b
	start_d a
	wait_for "$name: fallback up" 30 eval 'status a | jq -e "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu==null)] | length == 1"'
	if [[ $2 == *per_cpu_sas* ]]; then
		wait_for "$name: per-CPU SAs up" 60 eval '[ "$(status a | jq "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu!=null) | .cpu] | unique | length")" = 4 ]'
		t1=$(date +%s%N)
		echo "BENCH $name: start to 4 per-CPU SAs: $(( (t1 - t0) / 1000000 )) ms"
	fi
	for p in 0 1 2 3; do in_b iperf3 -s -B 10.2.0.1 -p $((5201 + p)) -1 -D; done
	sleep 0.5
	local pids=""
	for p in 0 1 2 3; do
		in_a taskset -c $p iperf3 -c 10.2.0.1 -B 10.1.0.1 -p $((5201 + p)) -t "$T" -J >"$WORK/$name-$p.json" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || true; done
	local total=0
	for p in 0 1 2 3; do
		bps=$(jq '.end.sum_received.bits_per_second // 0' "$WORK/$name-$p.json")
		total=$(awk -v a="$total" -v b="$bps" 'BEGIN { print a + b }')
	done
	# B's decrypts per CPU: TC ingress counts of all inbound SAs
	share=$(status b | jq '[.ike_sas[].children[].steering_in[]?] | group_by(.cpu) |
		map([.[].rx_processed] | add) | (max / (add + 0.0001))')
	printf 'BENCH %s: %.0f Mbit/s total, busiest CPU %.2f of B'"'"'s decrypts\n' \
		"$name" "$(awk -v t="$total" 'BEGIN { print t / 1e6 }')" "$share"
	kill $PID_a $PID_b; sleep 2
}

run_cfg single '' yes
run_cfg pcpu 'per_cpu_sas = "yes"; per_cpu_create = "all";' yes
run_cfg pcpu-tc 'per_cpu_sas = "yes"; per_cpu_create = "all";' no
