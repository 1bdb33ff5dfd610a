#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Throughput of one tunnel on any number of CPUs: per-CPU SAs against a
# single SA, with and without XDP steering, beside strongSwan's per-CPU SAs
# and no IPsec at all, in the lab guest (TCG: emulated crypto, so compare
# ratios measured in the same boot).
#
# A real NIC hashes one tunnel's ESP (same addresses, no ports) to one
# queue, so one CPU receives all of it. The lab models that NIC: A and B
# are joined through a bridge namespace whose port facing A has RPS to
# CPU 0 only, so every packet reaches B on CPU 0.
#
#   A va --- ra [br0, RPS -> CPU 0] rb --- vb B
#
# CPUs (N from the guest; boot it with LAB_SMP=N): with N >= 5 the roles
# are kept apart, so the figure says what the receiver gains: CPU 0
# receives (RPS, XDP), B's per-CPU SAs live on CPUs 1..k (per_cpu_cpus),
# A's senders run on CPUs k+1..2k (k = (N-1)/2; one pinned iperf3 flow
# each, and A's per-CPU SAs there). With N < 5 every role shares every CPU
# (one flow per CPU), as the first version of this benchmark did.
#
# Configurations, each round, T seconds each:
#   none        no IPsec: the ceiling of the path
#   single      one Child SA (per_cpu_sas = no); XDP on B (nothing to steer)
#   pcpu-xdp    per-CPU SAs (all at once); B's XDP steers each SA's ESP to
#               its CPU through the cpumap
#   pcpu-noxdp  per-CPU SAs; B without XDP (TC accounting only)
#   swan-pcpu   strongSwan 6.1 on both ends, per_cpu_sas = yes (trap, on
#               demand; a warm-up run first; no steering: per-CPU SAs in
#               the one-queue model)
# Printed per run: Mbit/s, the busiest CPU's share of B's decrypts (our
# configs: TC accounting), and each CPU's busy time from /proc/stat; then
# medians of ROUNDS rounds and ratios to single.
# Run: [LAB_SMP=N] [LAB_ENV="ROUNDS=3 T=8"] bash scripts/lab/run.sh bench/lab/pcpu_throughput.sh
# lab-timeout: 1800
. /src/tests/lab/lib/ike.sh
T=${T:-8}
export LOG_LEVEL=info
ROUNDS=${ROUNDS:-3}
N=$(nproc)
NSR=msa-r-$$
in_r() { nsenter --net=/run/netns/"$NSR" "$@"; }
trap 'ike_cleanup; ip netns del "$NSR" 2>/dev/null' EXIT INT TERM

if [ "$N" -ge 5 ]; then
	K=$(( (N - 1) / 2 ))
	RCPUS="1-$K"
	SENDERS=$(seq $((K + 1)) $((2 * K)) | tr '\n' ' ')
else
	K=$N RCPUS="" SENDERS=$(seq 0 $((N - 1)) | tr '\n' ' ')
fi
echo "BENCH layout: $N CPUs; receive CPU 0; B's per-CPU SAs on ${RCPUS:-any CPU}; senders on $SENDERS"

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
}

# "busy idle" jiffies per CPU, one line each
cpu_times() { awk '/^cpu[0-9]/ {b = $2 + $3 + $4 + $7 + $8; print b, $5 + $6}' /proc/stat; }
busy_pct() { # before after: "cpu0=NN% cpu1=..."
	paste -d' ' "$1" "$2" | awk '{db = $3 - $1; di = $4 - $2;
		printf "cpu%d=%d%% ", NR - 1, (db + di) ? 100 * db / (db + di) : 0}'
}

iperf_run() { # name round: one flow per sender CPU; prints Mbit/s
	local name=$1 r=$2 pids="" total=0 bps i=0
	for c in $SENDERS; do in_b iperf3 -s -B 10.2.0.1 -p $((5201 + c)) -1 -D; done
	sleep 0.5
	cpu_times >"$WORK/t0"
	for c in $SENDERS; do
		in_a taskset -c "$c" iperf3 -c 10.2.0.1 -B 10.1.0.1 -p $((5201 + c)) \
			-t "$T" -J >"$WORK/$name-$r-$c.json" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || true; done
	cpu_times >"$WORK/t1"
	for c in $SENDERS; do
		bps=$(jq '.end.sum_received.bits_per_second // 0' "$WORK/$name-$r-$c.json")
		total=$(awk -v a="$total" -v b="$bps" 'BEGIN { print a + b / 1e6 }')
	done
	echo "$total"
}

datapath() { # xdp on B: yes|no
	for s in a b; do "$CTL" --pin-root "$MULTISA_PIN_ROOT-$s" purge 2>/dev/null || true; done
	in_a "$CTL" --pin-root "$MULTISA_PIN_ROOT-a" detach va 2>/dev/null || true
	in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" detach vb 2>/dev/null || true
	attach_dp a
	if [ "$1" = yes ]; then attach_dp b
	else in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" attach vb xdp none >/dev/null; fi
}

pcpu_count() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu!=null) | .cpu] | unique | length'; }

report() { # name round mbit share
	printf 'BENCH %s round %s: %.1f Mbit/s, busiest CPU %s, busy %s\n' "$1" "$2" "$3" "$4" \
		"$(busy_pct "$WORK/t0" "$WORK/t1")"
	echo "$1 $3 $4" >>"$WORK/results"
}

run_ours() { # name round a-child-lines b-child-lines xdp
	local name=$1 r=$2 mbit share
	datapath "$5"
	write_conf a start "$3"
	write_conf b none "$4"
	start_d b
	start_d a
	wait_for "$name: fallback up" 30 eval 'status a | jq -e "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu==null)] | length == 1"'
	if [[ $3 == *per_cpu_sas* ]]; then
		wait_for "$name: per-CPU SAs up on A" 60 eval '[ "$(pcpu_count a)" -ge "$K" ]'
		wait_for "$name: and on B" 30 eval '[ "$(pcpu_count b)" -ge "$([ -n "$RCPUS" ] && echo "$K" || echo 1)" ]'
	fi
	mbit=$(iperf_run "$name" "$r")
	share=$(status b | jq '[.ike_sas[].children[].steering_in[]?] | group_by(.cpu) |
		map([.[].rx_processed] | add) | (max / (add + 0.0001)) * 100 | floor / 100')
	status b | jq -c '[.ike_sas[].children[].steering_in[]?] | group_by(.cpu) |
		map({cpu: .[0].cpu, decrypts: ([.[].rx_processed] | add)})' | sed "s/^/$name round $r per-CPU: /"
	report "$name" "$r" "$mbit" "$share"
	daemons_reset
}

run_swan() { # round
	local r=$1 mbit
	nodp
	# strongSwan's per-CPU SAs need trap (and come on traffic only)
	write_swan a trap 'per_cpu_sas = yes'
	write_swan b trap 'per_cpu_sas = yes'
	start_swan b; start_swan a
	in_a ping -q -c 3 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
	for _ in $(seq 60); do [ "$(swan_children a)" -ge 1 ] && break; sleep 0.5; done
	iperf_run swan-warm "$r" >/dev/null	# per-CPU SAs come on traffic
	mbit=$(iperf_run swan-pcpu "$r")
	echo "swan-pcpu round $r: $(swan_children a) SAs installed on A"
	report swan-pcpu "$r" "$mbit" "-"
	daemons_reset
}

nodp() { # neither side has our programs
	for s in a b; do "$CTL" --pin-root "$MULTISA_PIN_ROOT-$s" purge 2>/dev/null || true; done
	in_a "$CTL" --pin-root "$MULTISA_PIN_ROOT-a" detach va 2>/dev/null || true
	in_b "$CTL" --pin-root "$MULTISA_PIN_ROOT-b" detach vb 2>/dev/null || true
}

run_none() { # round
	local mbit
	nodp
	mbit=$(iperf_run none "$1")
	report none "$1" "$mbit" "-"
}

setup_bridged
: >"$WORK/results"
A_PCPU='per_cpu_sas = "yes"; per_cpu_create = "all";'
B_PCPU=$A_PCPU
if [ -n "$RCPUS" ]; then
	A_PCPU="$A_PCPU per_cpu_cpus = \"$(tr ' ' ',' <<<"$SENDERS" | sed 's/,$//')\";"
	B_PCPU="$B_PCPU per_cpu_cpus = \"$RCPUS\";"
fi
for r in $(seq "$ROUNDS"); do
	run_none "$r"
	run_ours single "$r" '' '' yes
	run_ours pcpu-xdp "$r" "$A_PCPU" "$B_PCPU" yes
	run_ours pcpu-noxdp "$r" "$A_PCPU" "$B_PCPU" no
	run_swan "$r"
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
base=$(awk '$1 == "single" {print $2}' "$WORK/results" | median)
for c in none single pcpu-xdp pcpu-noxdp swan-pcpu; do
	m=$(awk -v c="$c" '$1 == c {print $2}' "$WORK/results" | median)
	s=$(awk -v c="$c" '$1 == c {print $3}' "$WORK/results" | median)
	printf 'BENCH %s median (%d CPUs, %d flows): %.1f Mbit/s (%.2fx single), busiest CPU %s\n' \
		"$c" "$N" "$(wc -w <<<"$SENDERS")" "$m" \
		"$(awk -v m="$m" -v b="$base" 'BEGIN { print m / b }')" "$s"
done
