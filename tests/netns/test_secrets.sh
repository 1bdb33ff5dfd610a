#!/usr/bin/env bash
# The secrets file must be ours and closed to others: a world-readable one
# stops `--check` and the start with a clear error (before anything is
# touched), and a reload that finds one changes nothing; a FIFO in its
# place does not hang the daemon.
. "$(dirname "$0")/ike.sh"
setup_pair
conf a none "$RUN/a.sock" 'secrets_file = "a.secrets";'
sed -i 's/secret = "netns-test-psk-0123456789";//' "$WORK/a.conf"
echo 'secrets = { ike-b = { id = "b.example"; secret = "netns-test-psk-0123456789"; }; };' >"$WORK/a.secrets"
chmod 644 "$WORK/a.secrets"
out=$("$BUILD/multisad" --check -c "$WORK/a.conf" 2>&1) && fail "--check took a 0644 secrets file"
grep -q "global.secrets_file: \"a.secrets\" names $WORK/a.secrets, of mode 0644: readable or writable by others (chmod 600 it)" <<<"$out" ||
	fail "unclear: $out"
if nsenter --net=/run/netns/"$NSA" timeout 10 "$BUILD/multisad" -c "$WORK/a.conf" >"$WORK/a0.log" 2>&1; then
	fail "started with a 0644 secrets file"; fi
grep -q "of mode 0644" "$WORK/a0.log" || fail "no reason at start: $(cat "$WORK/a0.log")"
[ -e "$RUN/a.sock" ] && fail "a control socket was made"
pass "a 0644 secrets file: --check and the start refuse, saying how to fix it"

chmod 600 "$WORK/a.secrets"
start a "$NSA"
wait_sock "$RUN/a.sock"
chmod 666 "$WORK/a.secrets"
out=$(ctl a reload 2>&1) && fail "a reload took a 0666 secrets file"
grep -q "of mode 0666" <<<"$out" || fail "unclear: $out"
rm "$WORK/a.secrets"; mkfifo -m 600 "$WORK/a.secrets"
out=$(timeout 10 "$CTL" --socket "$RUN/a.sock" reload 2>&1) && fail "a reload took a FIFO"
grep -q "not a regular file" <<<"$out" || fail "unclear: $out"
ctl a status >/dev/null || fail "the daemon after the refused reloads"
pass "reloads with an open secrets file or a FIFO refused; the daemon serving"
