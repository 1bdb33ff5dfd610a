#!/usr/bin/env bash
# Reload on this host's kernel (IKE works here, Child SAs cannot be
# installed; XFRM policies can): SIGHUP and `multisactl reload`. An
# unchanged connection keeps its IKE SA (same SPIs) and its policies; an
# added one is trapped, a removed one untrapped, a changed one
# re-established; a broken file or a setting that needs a restart changes
# nothing and says why.
. "$(dirname "$0")/ike.sh"
setup_pair
conf a trap "$RUN/a.sock"
conf b none "$RUN/b.sock"
start b "$NSB"
start a "$NSA"
PID_A=${D_PIDS##* }
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"
# whole policies (selectors, direction, template, reqid), one line each
pols() { ip -n "$NSA" xfrm policy | awk '/^src/ && l {print l; l=""} {l = l " " $0} END {if (l) print l}' | sort; }
npols() { pols | grep -c . || true; }
reqids() { ip -n "$NSA" xfrm policy | grep -o 'reqid [0-9]*' | sort -u; }
spis() { ctl a --json status | jq -r '.ike_sas[] | select(.conn=="site" and .state=="ESTABLISHED") | .spi_i + .spi_r'; }
wait_for() { for _ in $(seq 50); do eval "$2" && return; sleep 0.1; done; fail "$1"; }
wait_for "A's trap policies" '[ "$(npols)" -ge 3 ]'
ctl a up site >/dev/null
wait_for "A's IKE SA" '[ "$(established a)" = 1 ]'
spi=$(spis)
site_pols=$(pols)

# add a connection "lab" (trapped), SIGHUP
cp "$WORK/a.conf" "$WORK/a.site"
{
	sed '$ s/^}; };$/};/' "$WORK/a.site"
	cat <<EOC
lab = {
    local_addrs = "192.0.2.1"; remote_addrs = "192.0.2.2";
    proposals = [ "aes256gcm16-prfsha256-x25519" ];
    local = { id = "a.example"; }; remote = { id = "b.example"; };
    secret = "netns-test-psk-0123456789";
    children = { lab = { local_ts = [ "10.8.0.1/32" ];
                         remote_ts = [ "10.8.0.2/32" ];
                         start_action = "trap"; }; };
}; };
EOC
} >"$WORK/a.conf"
nsenter --net=/run/netns/"$NSA" "$BUILD/multisad" --check -c "$WORK/a.conf" >/dev/null ||
	{ cat "$WORK/a.conf"; fail "the test's own two-connection file is broken"; }
kill -HUP "$PID_A"
wait_for "lab's trap policies" '[ "$(npols)" -ge 6 ]'
grep -q "reloaded: 1 unchanged, 1 added, 0 changed, 0 removed" "$WORK/a.log" ||
	{ tail "$WORK/a.log"; fail "no reload summary"; }
expect_eq "site's IKE SA after the reload" "$(spis)" "$spi"
comm -23 <(echo "$site_pols") <(pols) | grep -q . && fail "a policy of site changed"
kill -0 "$PID_A" || fail "SIGHUP killed the daemon"
pass "SIGHUP: lab added and trapped; site's IKE SA and policies untouched"

# a broken file: refused, with where; nothing changes
cp "$WORK/a.conf" "$WORK/a.good"
echo "connections = { oops" >>"$WORK/a.conf"
out=$(ctl a reload 2>&1) && fail "a broken file reloaded"
echo "$out" | grep -q "a.conf:[0-9]*:" || fail "no file:line in '$out'"
cp "$WORK/a.good" "$WORK/a.conf"
sed -i 's/retransmit_timeout = "500ms";/retransmit_timeout = "500ms"; port = 5500;/' "$WORK/a.conf"
out=$(ctl a reload 2>&1) && fail "a port change reloaded"
echo "$out" | grep -q "port, port_natt cannot change without a restart" ||
	fail "no reason in '$out'"
expect_eq "site's IKE SA after the refusals" "$(spis)" "$spi"
expect_eq "policies after the refusals" "$(npols)" 6
pass "a broken file and a port change refused, nothing changed"

# remove lab (multisactl reload): untrapped; site untouched
cp "$WORK/a.site" "$WORK/a.conf"
out=$(ctl a reload) || fail "reload: $out"
expect_eq "reload says" "$out" "reloaded: 1 unchanged, 0 added, 0 changed, 1 removed"
wait_for "lab's policies gone" '[ "$(npols)" = 3 ]'
expect_eq "site's policies" "$(pols)" "$site_pols"
expect_eq "site's IKE SA" "$(spis)" "$spi"
pass "multisactl reload: lab removed and untrapped"

# change site (DPD delay): re-established under the new version
sed -i 's/secret = /dpd_delay = "20s"; secret = /' "$WORK/a.conf"
old_reqid=$(reqids)
out=$(ctl a reload) || fail "reload: $out"
expect_eq "reload says" "$out" "reloaded: 0 unchanged, 0 added, 1 changed, 0 removed"
wait_for "the old IKE SA deleted" '[ "$(established a)" = 0 ]'
wait_for "site's traps again, with a new reqid" '[ "$(npols)" = 3 ] && [ "$(reqids)" != "$old_reqid" ]'
ctl a up site >/dev/null
wait_for "site again" '[ "$(established a)" = 1 ]'
[ "$(spis)" != "$spi" ] || fail "the same IKE SA after a change"
pass "site changed: its IKE SA deleted, trapped again, up again"
