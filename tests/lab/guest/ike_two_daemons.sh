#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two multisad in two namespaces (real ESP, real kernel): IKE SA and Child
# SA up, the SAs agreed (same SPIs in both kernels, in = the other's out),
# traffic through the tunnel, child rekey (new SPIs, traffic goes on), down
# (nothing left), kill -9 and restart (no stale state, tunnel back).
. /src/tests/lab/lib/ike.sh
setup_nets
write_conf a start 'rekey_time = "20s"; life_time = "40s";'
write_conf b none  'rekey_time = "20s"; life_time = "40s";'
start_d b
start_d a
wait_for "child SA up on both ends" 20 eval 'children_are a 1 && children_are b 1'
wait_for "the SA pair agrees" 5 pairs_match
read -r IN OUT <<<"$(spis a)"
xfrm_has_spi "$NSA" "$IN" && xfrm_has_spi "$NSA" "$OUT" || fail "SAs not in A's kernel"
xfrm_has_spi "$NSB" "$IN" && xfrm_has_spi "$NSB" "$OUT" || fail "SAs not in B's kernel"
pass "both kernels hold SPIs $IN and $OUT"
in_a ping -q -c 5 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || { show_logs; fail "ping through the tunnel"; }
pkts=$(status b | jq '[.ike_sas[].children[].packets_in] | add')
[ "$pkts" -ge 5 ] || fail "B decrypted $pkts packets, want >= 5"
pass "B's kernel decrypted $pkts ESP packets"
ip -n "$NSA" -s xfrm state | head -20

wait_for "child rekeyed (new SPIs)" 40 eval '[ "$(spis a | head -1 | cut -d" " -f1)" != "$IN" ] && children_are a 1'
wait_for "rekeyed pair agrees" 10 pairs_match
xfrm_has_spi "$NSA" "$IN" && fail "old inbound SA $IN still in A's kernel"
pass "old SA $IN removed"
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || fail "ping after rekey"
pass "traffic after rekey"

ctl a down site >/dev/null || fail "multisactl down"
wait_for "down: A's kernel empty" 10 eval '[ -z "$(ip -n $NSA xfrm state)" ] && [ -z "$(ip -n $NSA xfrm policy)" ]'
wait_for "down: B's kernel empty" 10 eval '[ -z "$(ip -n $NSB xfrm state)" ] && [ -z "$(ip -n $NSB xfrm policy)" ]'

ctl a up site >/dev/null || fail "multisactl up"
wait_for "up again" 20 eval 'children_are a 1 && children_are b 1'
kill -9 "$PID_a"
sleep 0.5
[ -n "$(ip -n "$NSA" xfrm state)" ] || fail "kill -9 should leave state behind"
start_d a
wait_for "after kill -9 and restart: one pair again" 30 eval 'children_are a 1 && [ $(ip -n $NSA xfrm state | grep -c "^src") = 2 ]'
wait_for "restarted pair agrees" 20 pairs_match
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || fail "ping after restart"
pass "tunnel back after kill -9"
show_logs | grep -iE "error|warn" | head -20 || true
