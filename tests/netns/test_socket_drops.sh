#!/usr/bin/env bash
# Datagrams the kernel drops at multisad's IKE sockets are counted, read
# from the kernel when asked (SO_MEMINFO): B, with the smallest udp_rcvbuf
# (64 KiB), is stopped (SIGSTOP) while a source (192.0.2.3, a second
# address in A's namespace) sends 3,000 IKE_SA_INITs to port 500 and
# 3,000 short datagrams (not IKE) to port 4500, then goes on. Without any
# datagram after the burst, B's socket_drops (status) and
# multisa_ike_socket_drops_total (metrics) say what the namespace's UDP
# counters say was dropped (no other UDP socket there), both ports summed.
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
in_a "$BUILD/tests/tools/ike_flood" 192.0.2.3 192.0.2.2 3000 1 >"$WORK/flood.out"
in_a /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.3", 0))
for _ in range(3000):
    s.sendto(b"xyz", ("192.0.2.2", 4500))'
kill -CONT "$BPID"
dropped=$(( $(udp_drops "$NSB") - d0 ))
[ "$dropped" -gt 3000 ] || fail "the bursts were not dropped at both of B's sockets ($dropped)"
got=""
for _ in $(seq 50); do		# B answers once it has read its queue
	got=$(ctl b --json status 2>/dev/null | jq .stats.socket_drops) && [ -n "$got" ] && break
	sleep 0.1
done
expect_eq "B's socket_drops against the namespace's UDP drops" "$got" "$dropped"
m=$(ctl b metrics | awk '$1 == "multisa_ike_socket_drops_total" {print $2}')
expect_eq "multisa_ike_socket_drops_total" "$m" "$dropped"
echo "B dropped $dropped of 6,000 datagrams while stopped, udp_rcvbuf 64 KiB"
