#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Throughput of one tunnel: per-CPU SAs against a single SA, with and
# without XDP steering, in the lab guest (4 vCPUs on the host's cores, TCG:
# emulated crypto, so compare ratios measured in the same boot).
#
# A plain veth pair would run B's receive path on the sending CPU, which
# spreads even a single SA: there would be no bottleneck to remove. A real
# NIC hashes one tunnel's ESP (same addresses, no ports) to one queue, so
# one CPU decrypts all of it. The lab models that NIC: A and B are joined
# through a bridge namespace whose port facing A has RPS to CPU 0 only, so
# every packet reaches B on CPU 0, as from a one-queue NIC.
#
#   A va --- ra [br0, RPS -> CPU 0] rb --- vb B
#
# Configurations (4 iperf3 TCP flows, one pinned to each CPU of A, T s):
#   single      one Child SA (per_cpu_sas = no); XDP on B (nothing to steer)
#   pcpu-xdp    per-CPU SAs (all at once); B's XDP steers each SA's ESP to
#               its CPU through the cpumap
#   pcpu-noxdp  per-CPU SAs; B without XDP (TC accounting only)
# Each round runs all three; ROUNDS rounds; medians and ratios to single.
# "busiest" is the largest share of B's inbound ESP packets decrypted on
# one CPU (TC ingress accounting): 1.00 = all on one CPU, 0.25 = ideal.
# Run: bash scripts/lab/run.sh bench/lab/pcpu_throughput.sh
. /src/tests/lab/lib/ike.sh
T=${T:-8}
export LOG_LEVEL=info
ROUNDS=${ROUNDS:-3}
NSR=msa-r-$$
in_r() { nsenter --net=/run/netns/"$NSR" "$@"; }
trap 'ike_cleanup; ip netns del "$NSR" 2>/dev/null' EXIT INT TERM

setup_bridged() {
	ip netns add "$NSA"; ip netns add "$NSB"; ip netns add "$NSR"
	ip link add va netns "$NSA" type veth peer name ra netns "$NSR"
	ip link add vb netns "$NSB" type veth peer name rb netns "$NSR"
	in_r ip link add br0 type bridge
	for d in ra rb; do in_r ip link set "$d" master br0; in_r ip link set "$d" up; done
	in_r ip link set br0 up
	in_a ip addr add 192.0.2.1/24 dev va; in_b ip addr add 192.0.2.2/24 dev vb
	for x in a b; do "in_$x" ip link set lo up; "in_$x" ip link set "v$x" up; done
	local ma mb
	ma=$(in_a ip -br link show va | awk '{print $3}')
	mb=$(in_b ip -br link show vb | awk '{print $3}')
	in_a ip neigh replace 192.0.2.2 lladdr "$mb" dev va nud permanent
	in_b ip neigh replace 192.0.2.1 lladdr "$ma" dev vb nud permanent
	in_a ip addr add 10.1.0.1/32 dev lo; in_b ip addr add 10.2.0.1/32 dev lo
	in_a ip route add 10.2.0.0/16 via 192.0.2.2 src 10.1.0.1
	in_b ip route add 10.1.0.0/16 via 192.0.2.1 src 10.2.0.1
	ip netns exec "$NSR" sh -c 'echo 1 > /sys/class/net/ra/queues/rx-0/rps_cpus'
	echo "rps_cpus of ra: $(ip netns exec "$NSR" cat /sys/class/net/ra/queues/rx-0/rps_cpus)"
}

run_cfg() { # name, round, child lines, xdp on B (yes|no)
	local name=$1 r=$2
	for s in a b; do "$CTL" --pin-root "$MULTISA_PIN_ROOT-$s" purge 2>/dev/null || true; done
	in_a "$CTL" --pin-root "$MULTISA_PIN_ROOT-a" detach va 2>/dev/null || true
	in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" detach vb 2>/dev/null || true
	attach_dp a
	if [ "$4" = yes ]; then attach_dp b
	else in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" attach vb xdp none >/dev/null; fi
	write_conf a start "$3"
	write_conf b none "$3"
	start_d b
	start_d a
	wait_for "$name: fallback up" 30 eval 'status a | jq -e "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu==null)] | length == 1"'
	if [[ $3 == *per_cpu_sas* ]]; then
		wait_for "$name: per-CPU SAs up" 60 eval '[ "$(status a | jq "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu!=null) | .cpu] | unique | length")" = 4 ]'
		wait_for "$name: and on B" 30 eval '[ "$(status b | jq "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu!=null) | .cpu] | unique | length")" = 4 ]'
	fi
	for p in 0 1 2 3; do in_b iperf3 -s -B 10.2.0.1 -p $((5201 + p)) -1 -D; done
	sleep 0.5
	local pids="" total=0 bps share
	for p in 0 1 2 3; do
		in_a taskset -c $p iperf3 -c 10.2.0.1 -B 10.1.0.1 -p $((5201 + p)) -t "$T" -J >"$WORK/$name-$r-$p.json" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || true; done
	for p in 0 1 2 3; do
		bps=$(jq '.end.sum_received.bits_per_second // 0' "$WORK/$name-$r-$p.json")
		total=$(awk -v a="$total" -v b="$bps" 'BEGIN { print a + b / 1e6 }')
	done
	share=$(status b | jq '[.ike_sas[].children[].steering_in[]?] | group_by(.cpu) |
		map([.[].rx_processed] | add) | (max / (add + 0.0001))')
	status b | jq -c '[.ike_sas[].children[].steering_in[]?] | group_by(.cpu) |
		map({cpu: .[0].cpu, decrypts: ([.[].rx_processed] | add)})' | sed "s/^/$name round $r per-CPU: /"
	printf 'BENCH %s round %s: %.1f Mbit/s, busiest CPU %.2f\n' "$name" "$r" "$total" "$share"
	echo "$name $total $share" >>"$WORK/results"
	kill $PID_a $PID_b; sleep 2
	D_PIDS=""
}

setup_bridged
: >"$WORK/results"
PCPU='per_cpu_sas = "yes"; per_cpu_create = "all";'
for r in $(seq "$ROUNDS"); do
	run_cfg single "$r" '' yes
	run_cfg pcpu-xdp "$r" "$PCPU" yes
	run_cfg pcpu-noxdp "$r" "$PCPU" no
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
base=$(awk '$1 == "single" {print $2}' "$WORK/results" | median)
for c in single pcpu-xdp pcpu-noxdp; do
	m=$(awk -v c="$c" '$1 == c {print $2}' "$WORK/results" | median)
	s=$(awk -v c="$c" '$1 == c {print $3}' "$WORK/results" | median)
	printf 'BENCH %s median: %.1f Mbit/s (%.2fx single), busiest CPU %.2f\n' "$c" "$m" \
		"$(awk -v m="$m" -v b="$base" 'BEGIN { print m / b }')" "$s"
done
