#!/usr/bin/env bash
# Datagrams the kernel drops at multisad's full IKE socket are counted
# (SO_RXQ_OVFL): B, with the smallest udp_rcvbuf (64 KiB), is stopped
# (SIGSTOP) while a source (192.0.2.3, a second address in A's namespace)
# sends 3,000 IKE_SA_INITs in 1 s, then goes on, and a few more come once
# it has read the queue. B's socket_drops (status) and
# multisa_ike_socket_drops_total (metrics) then say what the namespace's
# UDP counters say was dropped (no other UDP socket there).
. "$(dirname "$0")/ike.sh"

setup_pair
in_a ip addr add 192.0.2.3/24 dev va
in_b ip neigh replace 192.0.2.3 lladdr "$(in_a ip -br link show va | awk '{print $3}')" dev vb nud permanent
export LOG_LEVEL=warn
conf b none "$RUN/b.sock" 'udp_rcvbuf = "64k"; cookie_threshold = 0;' %any
start b "$NSB"
BPID=${D_PIDS##* }
wait_sock "$RUN/b.sock"
d0=$(udp_drops "$NSB")
[ "$(ctl b --json status | jq .stats.socket_drops)" = 0 ] || fail "socket_drops before any drop"
kill -STOP "$BPID"
in_a "$BUILD/tests/tools/ike_flood" 192.0.2.3 192.0.2.2 3000 1 >"$WORK/flood1.out"
kill -CONT "$BPID"
sleep 1				# B reads what its socket held
in_a "$BUILD/tests/tools/ike_flood" 192.0.2.3 192.0.2.2 20 1 >"$WORK/flood2.out"
sleep 0.5
dropped=$(( $(udp_drops "$NSB") - d0 ))
[ "$dropped" -gt 0 ] || fail "the flood was not dropped at B's socket (nothing to count)"
got=$(ctl b --json status | jq .stats.socket_drops)
expect_eq "B's socket_drops against the namespace's UDP drops" "$got" "$dropped"
m=$(ctl b metrics | awk '$1 == "multisa_ike_socket_drops_total" {print $2}')
expect_eq "multisa_ike_socket_drops_total" "$m" "$dropped"
echo "B dropped $dropped of 3,000 datagrams while stopped, udp_rcvbuf 64 KiB"
