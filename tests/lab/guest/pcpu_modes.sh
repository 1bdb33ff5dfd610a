#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# RFC 9611 between two multisad, the other modes and limits:
#  1. A all at once (one SA per CPU right after the fallback), B capped at
#     2 per-CPU SAs for the TS pair: B answers TS_MAX_QUEUE past the cap
#     (never NO_ADDITIONAL_SAS), A stops asking, even with traffic.
#  2. Roles swapped: B initiates the IKE SA, A (the IKE responder) asks for
#     per-CPU SAs on its acquires; B all at once: both modes interoperate.
. /src/tests/lab/lib/ike.sh
setup_nets
write_conf a start 'per_cpu_sas = "yes"; per_cpu_create = "all";'
write_conf b none 'per_cpu_sas = "yes"; per_cpu_max = 2;'
start_d b
start_d a
pcpu_n() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null)] | length'; }
fb_up() { status "$1" | jq -e '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu == null)] | length == 1' >/dev/null; }
wait_for "1: fallback up" 20 fb_up a
wait_for "1: two per-CPU SAs (the cap)" 20 eval '[ "$(pcpu_n a)" = 2 ] && [ "$(pcpu_n b)" = 2 ]'
sleep 2
grep -q "TS_MAX_QUEUE" "$WORK/a.log" || fail "1: A saw no TS_MAX_QUEUE"
pass "1: A received TS_MAX_QUEUE"
grep -q "NO_ADDITIONAL_SAS" "$WORK/a.log" "$WORK/b.log" && fail "1: NO_ADDITIONAL_SAS was sent"
ups=$(status a | jq '.stats.child_up')
for cpu in 0 1 2 3; do in_a taskset -c $cpu ping -q -c 3 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || true; done
sleep 3
expect_eq "1: no more requests after TS_MAX_QUEUE" "$(status a | jq '.stats.child_up')" "$ups"
expect_eq "1: per-CPU SAs on A" "$(pcpu_n a)" 2
in_a ping -q -c 3 -i 0.1 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "1: traffic"
pass "1: traffic flows (CPUs without an SA use the fallback)"
kill "$PID_a" "$PID_b"; sleep 1.5

write_conf a none 'per_cpu_sas = "yes";'
write_conf b start 'per_cpu_sas = "yes"; per_cpu_create = "all";'
start_d a
start_d b
wait_for "2: fallback up (B initiated)" 20 fb_up a
for i in 1 2; do for cpu in 0 1 2 3; do in_a taskset -c $cpu ping -q -c 2 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; done; done
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
wait_for "2: every CPU of A has a per-CPU SA" 30 eval '[ "$(pcpu_cpus a)" = 4 ]'
wait_for "2: every CPU of B has a per-CPU SA" 10 eval '[ "$(pcpu_cpus b)" = 4 ]'
status a | jq -r '.ike_sas[] | "\(.role)", (.children[] | "  \(.cpu) \(.state)")'
[ "$(status a | jq -r '.ike_sas[0].role')" = responder ] || fail "2: A should be the IKE responder"
wait_for "2: pairs agree" 10 pairs_match
