#!/usr/bin/env bash
# The control socket never blocks the IKE loop (IKE runs on this host's
# kernel; Child SAs cannot be installed here, the IKE SA can):
#  - a client that dribbles a request one byte at a time holds B's control
#    socket, while A brings an IKE SA up with B and `multisactl status`
#    answers on both ends;
#  - the dribbling client is closed by B after its 5 s deadline;
#  - the socket is 0600 from the start, a world-writable parent directory
#    is refused, more than 16 clients at once are refused, not queued;
#  - both daemons run with CAP_NET_ADMIN alone, NoNewPrivs and seccomp, and
#    still do their work (IKE, status, down).
. "$(dirname "$0")/ike.sh"

setup_pair
conf a none "$RUN/a.sock"
conf b none "$RUN/b.sock"
start b "$NSB"
wait_sock "$RUN/b.sock"
expect_eq "socket mode" "$(stat -c %a "$RUN/b.sock")" 600

# A client that sends a request one byte every 0.3 s, for up to 9 s, and
# says when the daemon closed it.
python3 - "$RUN/b.sock" >"$WORK/dribble.out" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
t0 = time.time()
try:
    for ch in '{"cmd": "status"   ':
        s.send(ch.encode()); time.sleep(0.3)
        if time.time() - t0 > 9: break
    s.settimeout(9); data = s.recv(100)
    print("closed after %.1f s, %d bytes" % (time.time() - t0, len(data)))
except OSError as e:
    print("closed after %.1f s (%s)" % (time.time() - t0, e))
PY
DRIBBLE=$!
sleep 0.5
start a "$NSA"
wait_sock "$RUN/a.sock"
ctl a up site >/dev/null || fail "up"
for _ in $(seq 30); do
	n=$(ctl b --json status | jq '[.ike_sas[] | select(.state=="ESTABLISHED")] | length')
	[ "$n" = 1 ] && break
	sleep 0.1
done
expect_eq "B's IKE SA up while a client dribbles" "$n" 1
timeout 2 "$CTL" --socket "$RUN/b.sock" status >/dev/null || fail "status blocked"
pass "IKE and status served while a client holds a partial request"

# least privilege of the running daemons (docs/security.md): CAP_NET_ADMIN
# alone (bit 12), bounding set too, NoNewPrivs, a seccomp filter (mode 2)
for p in $D_PIDS; do
	st=/proc/$p/status
	expect_eq "CapEff of multisad $p" "$(awk '/^CapEff/ {print $2}' "$st")" 0000000000001000
	expect_eq "CapPrm of multisad $p" "$(awk '/^CapPrm/ {print $2}' "$st")" 0000000000001000
	expect_eq "CapBnd of multisad $p" "$(awk '/^CapBnd/ {print $2}' "$st")" 0000000000001000
	expect_eq "NoNewPrivs of multisad $p" "$(awk '/^NoNewPrivs/ {print $2}' "$st")" 1
	expect_eq "Seccomp of multisad $p" "$(awk '/^Seccomp:/ {print $2}' "$st")" 2
done
ctl a down site >/dev/null || fail "down, sandboxed"
for _ in $(seq 20); do
	n=$(ctl b --json status | jq '[.ike_sas[] | select(.state=="ESTABLISHED")] | length')
	[ "$n" = 0 ] && break; sleep 0.1
done
expect_eq "B's IKE SA deleted by sandboxed A" "$n" 0
wait "$DRIBBLE"
grep -q "closed after [4-7]\." "$WORK/dribble.out" || { cat "$WORK/dribble.out"; fail "dribbling client not closed at its deadline"; }
pass "the partial client closed at its deadline: $(cat "$WORK/dribble.out")"

# 20 idle clients: 16 are held, the rest refused at once.
python3 - "$RUN/b.sock" >"$WORK/many.out" <<'PY'
import socket, sys, time
held = []
for i in range(20):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); held.append(s)
time.sleep(0.5)
closed = 0
for s in held:
    s.setblocking(False)
    try:
        closed += s.recv(1) == b""
    except BlockingIOError:
        pass
print(closed)
PY
expect_eq "clients refused beyond 16" "$(cat "$WORK/many.out")" 4
timeout 2 "$CTL" --socket "$RUN/b.sock" status >/dev/null || fail "status after the flood"
pass "clients over the limit refused; status served after"

# A parent directory others may write to is refused.
mkdir -m 777 "$WORK/open"
conf c none "$WORK/open/c.sock"
nsenter --net=/run/netns/"$NSA" timeout 3 "$BUILD/multisad" -c "$WORK/c.conf" \
	>"$WORK/c.log" 2>&1 &
sleep 1
grep -q "control socket directory .* closed to others" "$WORK/c.log" || { cat "$WORK/c.log"; fail "open directory accepted"; }
[ ! -e "$WORK/open/c.sock" ] || fail "socket made in an open directory"
pass "a control socket directory writable by others is refused"
