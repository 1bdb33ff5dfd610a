#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Interop with a peer no one here wrote: multisad (A) and strongSwan 6.x
# (B, charon-systemd + swanctl), PSK, AES-GCM, real ESP in the lab guest.
#  1. multisad initiates: tunnel up, ping and iperf3 across, Child SA
#     rekey (new SPIs, traffic goes on), delete from multisad.
#  2. strongSwan initiates: multisad answers, ping, strongSwan deletes.
#  3. a selector that is a range: strongSwan proposes 10.2.0.0/16 to
#     multisad's 10.1.0.1-10.1.0.9 (narrowed); multisad's kernel holds the
#     4 aligned blocks as policies, traffic from inside the range crosses,
#     traffic from outside it does not use the SA.
. /src/tests/lab/lib/ike.sh
dpkg-query -W strongswan-swanctl charon-systemd iproute2 || true
setup_nets
write_conf a start 'rekey_time = "20s"; life_time = "40s";'
write_swan b none
start_swan b
start_d a
wait_for "1: child up (multisad)" 20 children_are a 1
wait_for "1: child up (strongSwan)" 10 eval '[ "$(swan_children b)" = 1 ]'
read -r IN OUT <<<"$(spis a)"
xfrm_has_spi "$NSB" "$IN" && xfrm_has_spi "$NSB" "$OUT" || fail "SPIs not in strongSwan's kernel"
pass "strongSwan's kernel holds SPIs $IN and $OUT"
in_a ping -q -c 5 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || { show_logs; show_swan b; fail "ping"; }
pass "ping across"
in_b iperf3 -s -B 10.2.0.1 -1 -D
sleep 0.5
in_a iperf3 -c 10.2.0.1 -B 10.1.0.1 -t 2 | tail -4 || fail "iperf3"
pass "iperf3 across"
wait_for "1: child rekeyed (new SPIs)" 40 eval '[ "$(spis a | head -1 | cut -d" " -f1)" != "$IN" ] && children_are a 1'
wait_for "1: strongSwan has the new pair" 10 eval 'xfrm_has_spi $NSB $(spis a | cut -d" " -f1) && ! xfrm_has_spi $NSB $IN'
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || fail "ping after rekey"
pass "ping after rekey"
ctl a down site >/dev/null
wait_for "1: strongSwan's SAs gone after multisad's delete" 10 eval '[ -z "$(ip -n $NSB xfrm state)" ]'

# 2. strongSwan initiates, multisad responds
write_conf a none
kill "$PID_a"; sleep 1
start_d a
wait_for "2: multisad back" 10 eval 'status a'
swan b --initiate --child net >/dev/null || { show_swan b; show_logs; fail "swanctl --initiate"; }
wait_for "2: child up (multisad, responder)" 20 children_are a 1
wait_for "2: child up (strongSwan, initiator)" 10 eval '[ "$(swan_children b)" = 1 ]'
in_b ping -q -c 5 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 || fail "ping from strongSwan's side"
pass "2: ping across"
swan b --terminate --ike site >/dev/null
wait_for "2: multisad removed everything on strongSwan's delete" 10 eval '[ -z "$(ip -n $NSA xfrm state)" ] && children_are a 0'

# 3. a range selector on multisad's side, strongSwan narrows to it
kill "$PID_a"; sleep 1
sed -i 's|local_ts = \[ "10.1.0.0/16" \]|local_ts = [ "10.1.0.1-10.1.0.9" ]|' "$WORK/a.conf"
grep -q '10.1.0.1-10.1.0.9' "$WORK/a.conf" || fail "3: config not rewritten"
start_d a
wait_for "3: multisad back" 10 eval 'status a'
swan b --initiate --child net >/dev/null || { show_swan b; show_logs; fail "3: swanctl --initiate"; }
wait_for "3: child up" 20 children_are a 1
status a | jq -c '.ike_sas[].children[] | {ts_local, ts_remote}'
B='10\.1\.0\.(1/32|2/31|4/30|8/31)'
n=$(ip -n "$NSA" xfrm policy | grep -cE "^src $B dst 10\.2\.0\.0/16" || true)
expect_eq "3: A's out policies: the 4 blocks" "$n" 4
n=$(ip -n "$NSA" xfrm policy | grep -cE "^src 10\.2\.0\.0/16 dst $B" || true)
expect_eq "3: A's in and fwd policies: the 4 blocks each" "$n" 8
echo "strongSwan's policies (it installs the covering subnet):"
ip -n "$NSB" xfrm policy | grep "^src" | sort -u
in_a ip addr add 10.1.0.5/32 dev lo
in_a ip addr add 10.1.0.20/32 dev lo
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.5 10.2.0.1 >/dev/null || fail "3: ping from 10.1.0.5 (in the range)"
pass "3: ping from 10.1.0.5 (in the range) crosses"
before=$(status a | jq '[.ike_sas[].children[].packets_out] | add')
in_a ping -q -c 3 -i 0.2 -W 1 -I 10.1.0.20 10.2.0.1 >/dev/null 2>&1 || true
expect_eq "3: packets from 10.1.0.20 (outside) on the SA" \
	"$(status a | jq '[.ike_sas[].children[].packets_out] | add')" "$before"
