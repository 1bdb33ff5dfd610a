#!/usr/bin/env bash
# Log levels per subsystem, and `multisactl log`: the daemon's stderr at
# warn except cfg at info (log_levels); a `log` client at debug sees the
# ike lines stderr does not; a bad level is refused; the client is dropped
# when it goes, and the daemon's stderr is unchanged by it.
. "$(dirname "$0")/ike.sh"
setup_pair
LOG_LEVEL=warn conf a none "$RUN/a.sock" 'log_levels = { cfg = "info"; };'
conf b none "$RUN/b.sock"
start b "$NSB"
start a "$NSA"
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"

ctl a log debug ctl=err >"$WORK/stream" 2>&1 &
LOGP=$!
sleep 0.5
ctl a up site >/dev/null
for _ in $(seq 50); do [ "$(established a)" = 1 ] && break; sleep 0.1; done
expect_eq "A's IKE SA" "$(established a)" 1
out=$(ctl a reload) || fail "reload: $out"
for _ in $(seq 30); do grep -q "reloaded" "$WORK/stream" && break; sleep 0.1; done
kill "$LOGP"; wait "$LOGP" 2>/dev/null || true

grep -q "debug: \[ike\] .*site" "$WORK/stream" || { head "$WORK/stream"; fail "no ike debug lines in the stream"; }
grep -q "info: \[ike\] .*IKE SA established" "$WORK/stream" || fail "no 'established' in the stream"
grep -q "info: \[cfg\] reloaded: 1 unchanged" "$WORK/stream" || { grep reloaded "$WORK/stream"; fail "no cfg line in the stream"; }
grep -q "\[ctl\]" "$WORK/stream" && fail "ctl lines below err in the stream"
pass "multisactl log: ike at debug, cfg, ctl filtered"

grep -q "multisa: info: \[cfg\] reloaded: 1 unchanged" "$WORK/a.log" || { tail "$WORK/a.log"; fail "cfg at info on stderr"; }
grep -q "multisa: info: \[ike\]" "$WORK/a.log" && fail "ike info lines on stderr at warn"
grep -q "multisa: debug:" "$WORK/a.log" && fail "debug lines on stderr (the log client's level leaked)"
pass "stderr: warn, cfg at info (log_levels)"

out=$(ctl a log loud 2>&1) && fail "a bad level streamed"
echo "$out" | grep -q "not a level" || fail "no reason: $out"
out=$(python3 - "$RUN/a.sock" <<'EOP'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'{"cmd":"log","levels":{"nope":"debug"}}\n')
print(s.makefile().readline())
EOP
)
echo "$out" | grep -q '"ok":false' || fail "the daemon took a bad subsystem: $out"
# four streams at most; the daemon still answers
pids=""
for i in 1 2 3 4 5; do ctl a log >"$WORK/s$i" 2>&1 & pids="$pids $!"; done
sleep 1
grep -l "too many log clients" "$WORK"/s? >/dev/null || fail "a fifth log client was taken"
[ "$(ctl a --json status | jq .stats.limits_hit.log_clients)" -ge 1 ] || fail "limits_hit.log_clients not counted"
ctl a status >/dev/null || fail "status with four log clients"
# shellcheck disable=SC2086
kill $pids 2>/dev/null
for p in $pids; do wait "$p" 2>/dev/null || true; done
ctl a status >/dev/null || { tail -5 "$WORK/a.log"; dmesg | tail -3; fail "status after the log clients went"; }
pass "bad levels refused, at most four log clients, the daemon serving"
