#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# IKE fragmentation (RFC 7383) and childless IKE SAs (RFC 6023) with
# strongSwan 6.x, real ESP, per-CPU SAs on top (4 vCPUs). Both ends cut
# their messages for 256-octet datagrams (six ESP proposals make the
# requests larger); tcpdump on A's link sees them.
#  1. multisad initiates (per-CPU SAs on demand, strongSwan trap + per_cpu_sas):
#     IKE_AUTH and CREATE_CHILD_SA in SKF fragments both ways, no IKE
#     datagram over 256 octets, each end reassembled the other's; per-CPU
#     SAs for every CPU; ping from every CPU.
#  2. strongSwan initiates in fragments, multisad reassembles and answers;
#     after an IKE rekey, strongSwan's fragmented Child SA rekey is still
#     reassembled (fragmentation carries over to the new IKE SA).
#  3. multisad with childless = "force": IKE_AUTH without a Child SA, the
#     child follows in CREATE_CHILD_SA; traffic crosses.
. /src/tests/lab/lib/ike.sh
setup_nets
attach_dp a
GLOBAL_EXTRA='fragment_size = 256;'
SWAN_EXTRA='fragment_size = 256'
ESP_PROPOSALS='"aes128gcm16", "aes256gcm16", "aes128-sha256", "aes256-sha256", "aes128-sha384", "aes256-sha512"'
SWAN_ESP=aes128gcm16,aes256gcm16,aes128-sha256,aes256-sha256,aes128-sha384,aes256-sha512
write_conf a start 'per_cpu_sas = "yes";'
write_swan b trap 'per_cpu_sas = yes'
start_swan b
capture_start
start_d a
wait_for "1: fallback up" 20 children_are a 1
ping_a() { in_a taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; }
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
for cpu in 0 1 2 3; do ping_a $cpu 3; done
wait_for "1: a per-CPU child for every CPU" 30 eval '[ "$(pcpu_cpus a)" = 4 ]'
for cpu in 0 1 2 3; do
	in_a taskset -c $cpu ping -q -c 3 -i 0.1 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "1: ping from CPU $cpu"
done
pass "1: ping from every CPU"
frags() { status a | jq -r ".stats.fragments.$1"; }
echo "multisad's fragment counters: $(status a | jq -c .stats.fragments)"
[ "$(frags sent)" -ge 4 ] || fail "1: multisad sent $(frags sent) fragments"
[ "$(frags reassembled)" -ge 1 ] || fail "1: multisad reassembled $(frags reassembled) messages"
pass "1: multisad sent $(frags sent) fragments, reassembled $(frags reassembled) messages of strongSwan's"
grep -q "reassembled fragmented IKE message" "$WORK/swan-b/charon.log" ||
	{ show_swan b; fail "1: strongSwan did not reassemble our fragments"; }
pass "1: strongSwan reassembled multisad's fragments"
capture_check 1 8 256
ctl a down site >/dev/null
wait_for "1: strongSwan's SAs gone" 10 eval '[ -z "$(ip -n $NSB xfrm state | grep ^src)" ]'

# 2. strongSwan initiates in fragments; multisad answers (one proposal:
#    small enough to go whole)
write_conf a none
kill "$PID_a"; sleep 1
start_d a
wait_for "2: multisad back" 10 eval 'status a'
swan b --initiate --child net >/dev/null || { show_swan b; show_logs; fail "2: swanctl --initiate"; }
wait_for "2: child up (multisad, responder)" 20 children_are a 1
[ "$(frags reassembled)" -ge 1 ] ||
	fail "2: fragments $(status a | jq -c .stats.fragments)"
pass "2: multisad reassembled strongSwan's fragmented IKE_AUTH"
in_b ping -q -c 3 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 >/dev/null || fail "2: ping"
pass "2: ping across"
# after an IKE rekey, fragments still go both ways on the new IKE SA
ike_spi() { status a | jq -r '[.ike_sas[] | select(.state=="ESTABLISHED")][0].spi_i'; }
old_spi=$(ike_spi)
swan b --rekey --ike site >/dev/null || { show_swan b; fail "2: swanctl --rekey --ike"; }
wait_for "2: IKE SA rekeyed" 15 eval '[ "$(ike_spi)" != "$old_spi" ] && [ "$(ike_spi)" != null ]'
before=$(frags reassembled)
swan b --rekey --child net >/dev/null || { show_swan b; fail "2: swanctl --rekey --child"; }
wait_for "2: strongSwan's fragmented CREATE_CHILD_SA reassembled on the new IKE SA" 15 \
	eval '[ "$(frags reassembled)" -gt "$before" ]'
wait_for "2: child rekeyed" 10 children_are a 1
in_b ping -q -c 3 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 >/dev/null || fail "2: ping after the rekeys"
pass "2: ping after the rekeys"
swan b --terminate --ike site >/dev/null
wait_for "2: multisad removed everything" 10 eval '[ -z "$(ip -n $NSA xfrm state)" ] && children_are a 0'

# 3. childless IKE_AUTH, the child in CREATE_CHILD_SA
write_conf a start '' 'childless = "force";'
write_swan b none
swan b --load-all --file "$WORK/swan-b/swanctl.conf" >/dev/null
kill "$PID_a"; sleep 1
start_d a
wait_for "3: child up (multisad)" 20 children_are a 1
grep -q "IKE SA established (initiator, childless)" "$WORK/a.log" || { show_logs; fail "3: not childless"; }
wait_for "3: child up (strongSwan)" 10 eval '[ "$(swan_children b)" = 1 ]'
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "3: ping"
pass "3: childless IKE SA, then the child: ping across"
