#!/usr/bin/env bash
# Half-open limits under a real UDP flood (IKE on this host's kernel):
# a source (192.0.2.3, a second address in A's namespace) sends 20,000
# IKE_SA_INIT requests within 10 s and echoes every COOKIE it gets, as an
# attacker who sees its replies does. B (cookies from 2 half-open SAs,
# half_open_max 50, half_open_per_source 5):
#  - holds at most 5 half-open SAs of that source, so the flood never fills
#    the table;
#  - a legitimate peer (A, 192.0.2.1) connects during the flood (time
#    printed), through a cookie;
#  - B's log stays bounded (peer-provoked lines at most 20 a second), its
#    counters say which limits were hit;
#  - B's IKE sockets have the receive buffer of udp_rcvbuf.
. "$(dirname "$0")/ike.sh"

setup_pair
in_a ip addr add 192.0.2.3/24 dev va
# B answers the flood's address too: a static neighbour like the others
in_b ip neigh replace 192.0.2.3 lladdr "$(in_a ip -br link show va | awk '{print $3}')" dev vb nud permanent
export LOG_LEVEL=info
conf a none "$RUN/a.sock"
# B, the responder, takes any address (the flood's too)
# and an IKE socket buffer past net.core.rmem_max (SO_RCVBUFFORCE)
RCVBUF=$(( $(cat /proc/sys/net/core/rmem_max) + (1 << 20) ))
conf b none "$RUN/b.sock" "cookie_threshold = 2; half_open_max = 50;
	half_open_per_source = 5; udp_rcvbuf = $RCVBUF;" %any
start a "$NSA"
start b "$NSB"
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"
# B's IKE sockets (IKE and NAT-T ports) hold udp_rcvbuf although it is
# past net.core.rmem_max: SO_RCVBUFFORCE (the kernel shows twice what it
# was given), and nothing said about a smaller one
for port in 500 4500; do
	rb=$(in_b ss -uamn "sport = :$port" | grep -o 'rb[0-9]*' | head -1)
	[ "${rb#rb}" = $((2 * RCVBUF)) ] ||
		fail "B's port $port receive buffer: ${rb:-none} (want rb$((2 * RCVBUF)))"
done
! grep -q "receive buffer" "$WORK/b.log" || fail "B: $(grep "receive buffer" "$WORK/b.log")"
pass "B's IKE sockets hold udp_rcvbuf ($RCVBUF octets, past net.core.rmem_max)"

in_a "$BUILD/tests/tools/ike_flood" 192.0.2.3 192.0.2.2 20000 10 --echo-cookies \
	>"$WORK/flood.out" &
FLOOD=$!
sleep 2				# the flood is on
lines0=$(wc -l <"$WORK/b.log")
t0=$(date +%s%3N)
ctl a up site >/dev/null || fail "up during the flood"
for _ in $(seq 100); do [ "$(established a)" = 1 ] && break; sleep 0.05; done
t1=$(date +%s%3N)
expect_eq "A's IKE SA up during the flood" "$(established a)" 1
echo "legitimate peer connected in $((t1 - t0)) ms during the flood"
J=$(ctl b --json status)
half=$(jq .stats.half_open <<<"$J")
[ "$half" -le 6 ] || fail "B holds $half half-open SAs (want <= 5 of the flood + A's)"
pass "B holds $half half-open SAs during the flood"
wait "$FLOOD"
cat "$WORK/flood.out"
J=$(ctl b --json status)
jq -c .stats <<<"$J"
[ "$(jq .stats.cookies <<<"$J")" -gt 0 ] || fail "no cookies sent"
[ "$(jq .stats.limits_hit.half_open_per_source <<<"$J")" -gt 0 ] || fail "per-source limit never hit"
# the operator's view of the same counters: multisactl stats (no datapath
# loaded here: multisad's own counters alone)
st=$(ctl b stats 2>/dev/null) || fail "multisactl stats with the daemon up"
grep -Eq "^multisad limits hit:.* half_open_per_source [1-9]" <<<"$st" || fail "stats: $st"
[ "$(ctl b --json stats 2>/dev/null | jq .daemon.limits_hit.half_open_per_source)" -gt 0 ] ||
	fail "stats --json: no daemon.limits_hit"
lines=$(( $(wc -l <"$WORK/b.log") - lines0 ))
[ "$lines" -le 260 ] || fail "B wrote $lines log lines in ~8 s of flood"
pass "B's log: $lines lines during the flood, $(jq .stats.limits_hit.log_lines_suppressed <<<"$J") suppressed"
