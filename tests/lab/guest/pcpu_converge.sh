#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab-timeout: 800
# Per-CPU sets converge between two multisad whatever the timing (issue:
# both ends' kernels ask for every CPU's SA at once, the demo's pattern):
#  - REPS rounds in one boot, each with fresh daemons, pings from every CPU
#    of BOTH gateways at the same moment; each round ends with the
#    invariant on both ends: one per-CPU SA pair per CPU (no duplicates),
#    every CPU decrypting its own share (XDP steering, nothing processed off
#    its CPU, no CPU without inbound), nothing on the fallback after
#    warm-up; the time from the first packet to a converged set is printed
#    (BENCH lines, for BENCHMARKS.md);
#  - TRAP_REPS rounds with both ends' traps firing at once (two IKE SAs
#    come up; both ends keep the same one), the same invariant, and one
#    IKE SA on each end;
#  - CPU 3 goes offline during traffic: its SAs go, no ESP is steered to it
#    afterwards, traffic from the other CPUs flows; back online, traffic on
#    CPU 3 brings its SA back.
. /src/tests/lab/lib/ike.sh
REPS=${REPS:-10}
setup_nets
attach_dp a
attach_dp b
PCPU='per_cpu_sas = "yes"; per_cpu_acquire_gap = "200ms";'

ping_from() { # SIDE CPU COUNT
	if [ "$1" = a ]; then in_a taskset -c "$2" ping -q -c "$3" -i 0.02 -W 1 -I 10.1.0.1 10.2.0.1
	else in_b taskset -c "$2" ping -q -c "$3" -i 0.02 -W 1 -I 10.2.0.1 10.1.0.1; fi >/dev/null 2>&1 || true
}
# every CPU of both ends at once, COUNT pings each
ping_all() {
	local pids="" c
	for c in $(online_cpus); do
		ping_from a "$c" "$1" & pids="$pids $!"
		ping_from b "$c" "$1" & pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
}
online_cpus() { seq 0 3 | while read -r c; do
	[ "$c" = 0 ] || [ "$(cat /sys/devices/system/cpu/cpu$c/online)" = 1 ] && echo "$c"; done; }
set_of() { status "$1" | jq -c '[.ike_sas[] | select(.state=="ESTABLISHED") | .per_cpu_sets[]][0] // {}'; }
converged() { # SIDE NCPU: complete, one SA per CPU
	local s; s=$(set_of "$1")
	[ "$(jq -c .covered <<<"$s")" = "$(seq 0 $(($2 - 1)) | jq -sc .)" ] &&
	[ "$(jq -c .duplicates <<<"$s")" = "[]" ]
}
fb_packets() { status "$1" | jq '[.ike_sas[].children[] | select(.cpu == null and .state=="INSTALLED") | .packets_in + .packets_out] | add // 0'; }
now_ms() { date +%s%3N; }

ike_sas() { status "$1" | jq '[.ike_sas[] | select(.state=="ESTABLISHED")] | length'; }
ike_spis() { status "$1" | jq -r '.ike_sas[] | select(.state=="ESTABLISHED") | .spi_i + .spi_r'; }
DUPS=0

round() { # ROUND [trap]
	local r=$1 t0 t1 fa fb
	if [ "${2:-}" = trap ]; then
		# both gateways' traps fire at the same moment: two IKE SAs
		# come up and both ends must keep the same one
		write_conf a trap "$PCPU"
		write_conf b trap "$PCPU"
		start_d b
		start_d a
		wait_for "$r: both trapped" 10 eval 'status a >/dev/null && status b >/dev/null'
	else
		write_conf a start "$PCPU"
		write_conf b none "$PCPU"
		start_d b
		start_d a
		wait_for "$r: fallback up" 20 eval 'children_are a 1 && children_are b 1'
	fi
	t0=$(now_ms)
	# traffic goes on (3 pings per CPU and end each round) until both
	# ends have one SA pair per CPU
	for _ in $(seq 40); do
		ping_all 3
		converged a 4 && converged b 4 && break
	done
	t1=$(now_ms)
	wait_for "$r: A converged (one SA per CPU)" 1 converged a 4
	wait_for "$r: B converged (one SA per CPU)" 1 converged b 4
	echo "BENCH converge round $r: $((t1 - t0)) ms"
	sleep 1
	ping_all 3			# warm-up: every CPU on its own SA
	fa=$(fb_packets a); fb=$(fb_packets b)
	ping_all 20
	expect_eq "$r: A's fallback after warm-up" "$(fb_packets a)" "$fa"
	expect_eq "$r: B's fallback after warm-up" "$(fb_packets b)" "$fb"
	for s in a b; do
		steered_ok "$s" 60 "$r: $s"
		expect_eq "$r: $s: CPUs without inbound" "$(set_of $s | jq -c .no_inbound)" "[]"
		expect_eq "$r: $s: balanced" "$(set_of $s | jq .balanced)" true
		busiest_share "$s" "$r"
	done
	converged a 4 && converged b 4 || fail "$r: no longer one SA per CPU after traffic"
	expect_eq "$r: A's IKE SAs" "$(ike_sas a)" 1
	expect_eq "$r: B's IKE SAs" "$(ike_sas b)" 1
	expect_eq "$r: both ends kept the same IKE SA" "$(ike_spis a)" "$(ike_spis b)"
	local dups=$(( $(status a | jq .stats.ike_duplicates) + $(status b | jq .stats.ike_duplicates) ))
	DUPS=$((DUPS + dups))
	echo "BENCH duplicate IKE SAs resolved round $r: $dups"
	pass "$r: one SA pair per CPU on both ends, each CPU decrypting its own"
}

# BENCH line: the busiest CPU's share of SIDE's per-CPU inbound decrypts
busiest_share() {
	status "$1" | jq -r --arg s "$1" --arg r "$2" '[.ike_sas[].children[] | select(.cpu != null) |
		.steering_in[]? | {cpu, n: .rx_processed}] | group_by(.cpu) |
		map([.[].n] | add) as $per | ($per | add) as $all |
		"BENCH busiest round \($r) \($s): \(if $all > 0 then ($per | max) / $all else 0 end)"'
}

for r in $(seq 1 "$REPS"); do [ "$r" = 1 ] || daemons_reset; round "$r"; done
# both ends start on demand from their traps at once
TRAP_REPS=${TRAP_REPS:-3}
DUPS=0
for r in $(seq 1 "$TRAP_REPS"); do daemons_reset; round "trap-$r" trap; done
# the race these rounds are for did happen (both ends count theirs)
[ "$DUPS" -gt 0 ] || fail "no duplicate IKE SA in $TRAP_REPS rounds of both ends' traps at once"
pass "duplicate IKE SAs resolved in the trap rounds: $DUPS"
ctl a status | tail -3

# CPU 3 goes offline during traffic from both ends
rx3() { status a | jq '[.ike_sas[].children[] | .steering_in[]? | select(.cpu == 3) | .rx_processed] | add // 0'; }
pids=""
for c in 0 1 2; do
	ping_from a "$c" 400 & pids="$pids $!"
	ping_from b "$c" 400 & pids="$pids $!"
done
sleep 1
echo 0 >/sys/devices/system/cpu/cpu3/online
wait_for "CPU 3 offline: A's SAs on CPU 3 gone" 10 eval '[ "$(status a | jq "[.ike_sas[].children[] | select(.cpu == 3)] | length")" = 0 ]'
grep -q "CPU 3 is offline" "$WORK/a.log" || fail "A did not hear of CPU 3 going offline"
n3=$(rx3)
sleep 2
expect_eq "no ESP processed on CPU 3 after it went offline" "$(rx3)" "$n3"
# shellcheck disable=SC2086
wait $pids
for c in 0 1 2; do in_b taskset -c $c ping -q -c 5 -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null || fail "ping from B's CPU $c with CPU 3 offline"; done
pass "traffic from the online CPUs with CPU 3 offline"
echo 1 >/sys/devices/system/cpu/cpu3/online
wait_for "A heard CPU 3 is back" 10 grep -q "CPU 3 is online" "$WORK/a.log"
for _ in 1 2 3; do ping_from a 3 3; sleep 0.5; done
wait_for "CPU 3's SA back after online" 20 eval '[ "$(status a | jq "[.ike_sas[].children[] | select(.cpu == 3 and .state==\"INSTALLED\")] | length")" -ge 1 ]'
in_a taskset -c 3 ping -q -c 5 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "ping from A's CPU 3 back online"
pass "CPU 3 online again, with its SA"
