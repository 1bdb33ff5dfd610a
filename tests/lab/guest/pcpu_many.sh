#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Many tunnels at once, per-CPU SAs all at once on both ends: P peers
# (addresses on A's link, one connection each) start together against one
# responder, which also fills its CPUs. Under that burst datagrams are
# lost and late (cookies, retransmissions, requests crossing on the wire,
# answers lost), which is what found the races this test keeps fixed
# (docs/ike.md: cookies, crossings seen from one end, a fill that starts
# before the peer is up). Checked: every IKE SA comes up on both ends, no
# AUTH fails, each holds the fallback and an SA on every CPU on both ends
# (no CPU without), and at least 95 % hold exactly one per CPU (none with
# two; the 200-tunnel run of 2026-11-27: 197 of 200).
# LAB_ENV="P=200" sets the number of peers.
# lab-timeout: 600
. /src/tests/lab/lib/ike.sh
. /src/tests/lab/lib/many.sh
P=${P:-200}
N=$(nproc)
trap 'ike_cleanup' EXIT INT TERM
setup_nets

many_setup "$P"
PCPU='per_cpu_sas = "yes"; per_cpu_create = "all";'
many_conf_a info 'retransmit_timeout = "2s"; retransmit_tries = 5;' "" "$PCPU" \
	>"$WORK/a.conf"
many_conf_b info "$PCPU" >"$WORK/b.conf"

# "IKE SAs up, of them with every CPU covered, of them with exactly one SA
# per CPU" of side s (its status kept in $WORK/st-s.json); each also with
# exactly one fallback
sets() {
	status "$1" >"$WORK/st-$1.json" 2>/dev/null
	jq -r --argjson n "$N" '
		[.ike_sas[] | select(.state == "ESTABLISHED")] as $up |
		[$up[] | [.children[] | select(.state == "INSTALLED")] |
		 select(([.[] | select(.cpu == null)] | length) == 1 and
			([.[].cpu | select(. != null)] | unique | length) == $n)]
		as $full |
		"\($up | length) \($full | length) \([$full[] |
			select(length == $n + 1)] | length)"' "$WORK/st-$1.json" \
		2>/dev/null || echo "0 0 0"
}

start_d b
for _ in $(seq 50); do [ -S "$RUN/b.sock" ] && break; sleep 0.2; done
t0=$(date +%s%N)
start_d a
ok=""
deadline=$(( $(date +%s) + 150 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
	a=$(sets a)
	b=$(sets b)
	echo "$(( ($(date +%s%N) - t0) / 1000000 )) ms: A $a, B $b"
	[ "${a% *}" = "$P $P" ] && [ "${b% *}" = "$P $P" ] && { ok=1; break; }
	sleep 1
done
t1=$(date +%s%N)
echo "IKE SAs up, with every CPU covered, with exactly one SA per CPU (want $P $P $P): A ${a:-}, B ${b:-}"
echo "BENCH pcpu_many P=$P CPUs=$N covered_ms=$(( (t1 - t0) / 1000000 )) exact_a=${a##* } exact_b=${b##* }"
[ -n "$ok" ] || { show_logs; fail "$P tunnels: not every CPU covered within 150 s"; }
pass "$P tunnels up, each with the fallback and an SA on every CPU on both ends"
# a crossing seen from one end while its deletes and refills cross again
# can leave a pair more than needed (a CPU with two, one of them inbound
# only at one end): rare, every CPU still covered both ways; more than 5 %
# is a regression (before the fixes of 2026-11-27: half of them)
exact() { [ "$(( ${1##* } * 100 ))" -ge "$(( P * 95 ))" ]; }
deadline=$(( $(date +%s) + 60 ))	# the redundant ones' Deletes may be on their way
while ! { exact "$a" && exact "$b"; } && [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 2
	a=$(sets a)
	b=$(sets b)
	echo "settling: A $a, B $b"
done
exact "$a" || fail "only ${a##* } of $P IKE SAs of A with exactly one SA per CPU"
exact "$b" || fail "only ${b##* } of $P IKE SAs of B with exactly one SA per CPU"
pass "at least 95 % of the sets with exactly one SA per CPU"
if grep -h "AUTH does not verify\|IKE_AUTH failed" "$WORK/a.log" "$WORK/b.log"; then
	fail "an IKE_AUTH failed under the burst"
fi
pass "no IKE_AUTH failed"
