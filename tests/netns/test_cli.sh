#!/usr/bin/env bash
# multisactl's grammar: every command's --help and `help COMMAND` (usage,
# example, exit codes), exit status 2 for usage errors and 1 for failed
# operations, one error prefix; list-conns, initiate, terminate (CONN,
# --ike ID, --child ID) against a running pair; a daemon speaking another
# control protocol refused with a clear message.
. "$(dirname "$0")/ike.sh"
cmds="status list-conns top up initiate down terminate reload log metrics rekey delete attach detach steer txsa stats set purge help"
for k in $cmds; do
	out=$("$CTL" "$k" --help) || fail "$k --help: exit $?"
	grep -q "^usage: multisactl \[--json\] $k" <<<"$out" || fail "$k --help: $out"
	grep -q "^example:" <<<"$out" || fail "$k --help: no example"
	[ "$("$CTL" help "$k")" = "$out" ] || fail "help $k differs from $k --help"
done
pass "every command has --help and help COMMAND, with an example"
set +e
"$CTL" nosuch >/dev/null 2>"$WORK/e"; expect_eq "unknown command: exit" $? 2
grep -q "^multisactl: unknown command 'nosuch'" "$WORK/e" || fail "prefix: $(cat "$WORK/e")"
"$CTL" rekey abc >/dev/null 2>"$WORK/e"; expect_eq "bad id: exit" $? 2
"$CTL" terminate --ike >/dev/null 2>&1; expect_eq "terminate without an id: exit" $? 2
"$CTL" --socket "$WORK/none.sock" status >/dev/null 2>"$WORK/e"; expect_eq "no daemon: exit" $? 1
grep -q "^multisactl: cannot reach multisad at $WORK/none.sock" "$WORK/e" || fail "$(cat "$WORK/e")"
set -e
pass "exit status 2 for usage, 1 for a failed operation, one prefix"

setup_pair
conf a none "$RUN/a.sock"
conf b none "$RUN/b.sock"
start b "$NSB"
start a "$NSA"
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"
out=$(ctl a list-conns)
grep -q "^site: 192.0.2.1 ... 192.0.2.2, 0 IKE SA(s) established" <<<"$out" || fail "list-conns: $out"
grep -q "10.9.0.1/32 === 10.9.0.2/32" <<<"$out" || fail "list-conns selectors: $out"
expect_eq "list-conns --json" "$(ctl a --json list-conns | jq -c '.conns[0] | [.name, .children[0].start_action, .ike_sas]')" '["site","none",0]'
ctl a initiate site >/dev/null || fail "initiate"
for _ in $(seq 50); do [ "$(established a)" = 1 ] && break; sleep 0.1; done
expect_eq "initiate: A's IKE SA" "$(established a)" 1
expect_eq "list-conns after" "$(ctl a --json list-conns | jq '.conns[0].ike_sas')" 1
out=$(ctl a status)
grep -Eq "^site\[[0-9]+\]: ESTABLISHED [0-9]+s ago, initiator$" <<<"$out" || fail "status: $out"
grep -q "^  local  'a.example' @ 192.0.2.1:500$" <<<"$out" || fail "status local: $out"
grep -q "^  remote 'b.example' @ 192.0.2.2:500$" <<<"$out" || fail "status remote: $out"
grep -Eq "^  rekeying in [0-9]+(h[0-9]{2}m|m[0-9]{2}s|s)$" <<<"$out" || fail "status rekey: $out"
id=$(ctl a --json status | jq '.ike_sas[0].id')
ctl a terminate --ike "$id" >/dev/null || fail "terminate --ike $id"
for _ in $(seq 50); do [ "$(established a)" = 0 ] && break; sleep 0.1; done
expect_eq "after terminate --ike" "$(established a)" 0
set +e
ctl a terminate --ike 999 >/dev/null 2>"$WORK/e"; expect_eq "terminate --ike 999: exit" $? 1
set -e
grep -q "no IKE SA with this id" "$WORK/e" || fail "$(cat "$WORK/e")"
ctl a up site >/dev/null
for _ in $(seq 50); do [ "$(established a)" = 1 ] && break; sleep 0.1; done
ctl a terminate site >/dev/null || fail "terminate site"
for _ in $(seq 50); do [ "$(established a)" = 0 ] && break; sleep 0.1; done
expect_eq "after terminate site" "$(established a)" 0
pass "list-conns, initiate, terminate CONN and --ike"

# a daemon of another protocol version
python3 - "$WORK/fake.sock" <<'EOP' &
import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen()
for _ in range(2):
    c, _ = s.accept(); c.recv(4096)
    c.sendall(b'{"ok":true,"protocol":99,"ike_sas":[]}\n'); c.close()
EOP
D_PIDS="$D_PIDS $!"
wait_sock "$WORK/fake.sock"
set +e
"$CTL" --socket "$WORK/fake.sock" status >/dev/null 2>"$WORK/e"; rc=$?
set -e
expect_eq "another protocol: exit" "$rc" 1
grep -q "multisad speaks control protocol 99, this multisactl speaks 1" "$WORK/e" || fail "$(cat "$WORK/e")"
pass "a daemon of another control protocol refused, said"
