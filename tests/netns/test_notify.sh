#!/usr/bin/env bash
# systemd's notify protocol (Type=notify), with a real datagram socket as
# $NOTIFY_SOCKET: multisad says READY=1 once it serves (control socket
# up), STATUS= with its SA counts, STOPPING=1 on SIGTERM; and it does so
# from inside its sandbox.
. "$(dirname "$0")/ike.sh"
setup_pair
conf a none "$RUN/a.sock"
python3 - "$WORK/notify.sock" >"$WORK/notify.out" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); s.settimeout(15)
end = time.time() + 15
try:
    while time.time() < end:
        m = s.recv(4096).decode()
        print(m.replace("\n", " | "), flush=True)
        if "STOPPING=1" in m:
            break
except socket.timeout:
    pass
PY
LISTENER=$!
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
NOTIFY_SOCKET=$WORK/notify.sock nsenter --net=/run/netns/"$NSA" \
	"$BUILD/multisad" -c "$WORK/a.conf" >"$WORK/a.log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q "READY=1" "$WORK/notify.out" && break; sleep 0.1; done
grep -q "READY=1" "$WORK/notify.out" || { cat "$WORK/notify.out" "$WORK/a.log"; fail "no READY=1"; }
[ -S "$RUN/a.sock" ] || fail "READY=1 before the control socket"
for _ in $(seq 30); do grep -q "STATUS=0 IKE SAs" "$WORK/notify.out" && break; sleep 0.1; done
grep -q "STATUS=0 IKE SAs (0 half open)" "$WORK/notify.out" || { cat "$WORK/notify.out"; fail "no STATUS="; }
kill "$PID"; wait "$PID" || true
wait "$LISTENER" || true
grep -q "STOPPING=1" "$WORK/notify.out" || { cat "$WORK/notify.out"; fail "no STOPPING=1"; }
cat "$WORK/notify.out"
pass "READY=1, STATUS=, STOPPING=1 through \$NOTIFY_SOCKET"
