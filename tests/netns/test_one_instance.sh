#!/usr/bin/env bash
# One multisad per control socket and per pin root: a second one started
# beside a running one (same configuration; or another socket but the same
# pin root) refuses before it touches anything - the first keeps its trap
# policies (XFRM policies work on this host), its control socket and its
# IKE SA. And log lines carry timestamps, or journal priorities.
. "$(dirname "$0")/ike.sh"
setup_pair
conf a trap "$RUN/a.sock"
conf b none "$RUN/b.sock"
start b "$NSB"
start a "$NSA"
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"
pols() { ip -n "$NSA" xfrm policy | grep -c '^src'; }
for _ in $(seq 30); do [ "$(pols)" -ge 3 ] && break; sleep 0.1; done
before=$(pols)
[ "$before" -ge 3 ] || fail "A's trap policies: $before"
ctl a up site >/dev/null
for _ in $(seq 30); do [ "$(established a)" = 1 ] && break; sleep 0.1; done
expect_eq "A's IKE SA" "$(established a)" 1

# the same configuration again
if nsenter --net=/run/netns/"$NSA" timeout 10 "$BUILD/multisad" -c "$WORK/a.conf" \
	>"$WORK/a2.log" 2>&1; then fail "a second multisad ran"; fi
grep -q "another multisad runs: .*a.sock.lock is held (pid [0-9]*)" "$WORK/a2.log" ||
	{ cat "$WORK/a2.log"; fail "no clear refusal"; }
expect_eq "A's policies after the refused second start" "$(pols)" "$before"
expect_eq "A's IKE SA after it" "$(established a)" 1
[ -S "$RUN/a.sock" ] || fail "A's control socket is gone"
pass "a second instance with the same control socket refused, the first untouched"

# another control socket, the same pin root
sed "s|$RUN/a.sock|$RUN/a3.sock|" "$WORK/a.conf" >"$WORK/a3.conf"
if nsenter --net=/run/netns/"$NSA" timeout 10 "$BUILD/multisad" -c "$WORK/a3.conf" \
	>"$WORK/a3.log" 2>&1; then fail "a second multisad on the same pin root ran"; fi
grep -q "another multisad runs: /run/multisa/pin.*\.lock is held" "$WORK/a3.log" ||
	{ cat "$WORK/a3.log"; fail "no clear refusal (pin root)"; }
expect_eq "A's policies after it" "$(pols)" "$before"
[ ! -e "$RUN/a3.sock" ] || fail "the refused instance made a socket"
pass "a second instance on the same pin root refused"

# log lines: a timestamp to the millisecond; under systemd (stderr is the
# stream $JOURNAL_STREAM names) the syslog priority instead
grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3} multisa: info: ' "$WORK/a.log" ||
	{ head -3 "$WORK/a.log"; fail "no timestamps"; }
: >"$WORK/j.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$WORK/j.log") nsenter --net=/run/netns/"$NSA" \
	timeout 10 "$BUILD/multisad" -c "$WORK/a.conf" 2>>"$WORK/j.log" && fail "ran"
grep -q '^<3>error: \[ike\] another multisad runs' "$WORK/j.log" ||
	{ cat "$WORK/j.log"; fail "no journal priority"; }
pass "log lines: timestamps, or syslog priorities for the journal"
