#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# per_cpu_sas = encap: UDP-encapsulated per-CPU SAs, each outbound one with
# its own source port (so a NIC's RSS can spread them), 4 vCPUs.
#  1. multisad A (per_cpu_sas = encap, encap forced, all at once) and
#     multisad B (plain per_cpu_sas = yes, no encap setting: it sees A's
#     forced NAT and encapsulates too). A's outbound per-CPU SAs have four
#     distinct ephemeral source ports, its fallback the IKE port; B's
#     inbound per-CPU SAs take any port; pings pinned to CPU n leave on A's
#     SA of CPU n with that SA's port (tcpdump on B) and B's XDP steers
#     every per-CPU SA, ESP-in-UDP, to its CPU; a rekey keeps the ports.
#  2. strongSwan B with per_cpu_sas = encap initiates on traffic, multisad
#     A (encap too) answers: both kernels send per-CPU SAs from distinct
#     ports, and traffic flows from every CPU of both sides.
. /src/tests/lab/lib/ike.sh
setup_nets
attach_dp b

# "SPI SPORT" of the UDP-encapsulated outbound per-CPU states in NS whose
# source is SRC; "fb SPORT" for an outbound one without a CPU.
out_ports() {
	ip -n "$1" xfrm state | awk -v me="$2" '
		function flush() { if (out && sport != "") print (pcpu == "" ? "fb" : spi), sport }
		/^src / { flush(); out = ($2 == me); spi = ""; sport = ""; pcpu = "" }
		/proto esp spi/ { spi = $4 }
		/encap type espinudp/ { sport = $5 }
		/pcpu-num/ { pcpu = $2 }
		END { flush() }'
}
distinct_pcpu_ports() { out_ports "$1" "$2" | awk '$1 != "fb" {print $2}' | sort -u | wc -l; }
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
ping_a() { in_a taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; }
ping_b() { in_b taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null 2>&1 || true; }

write_conf a start 'per_cpu_sas = "encap"; per_cpu_create = "all"; rekey_time = "40s"; life_time = "80s";' 'encap = true;'
write_conf b none 'per_cpu_sas = "yes";'
start_d b
start_d a
wait_for "1: a per-CPU child for every CPU on A" 30 eval '[ "$(pcpu_cpus a)" = 4 ]'
wait_for "1: and on B" 10 eval '[ "$(pcpu_cpus b)" = 4 ]'
out_ports "$NSA" 192.0.2.1 | tee "$WORK/ports-a"
expect_eq "1: A's fallback leaves from the IKE port" "$(awk '$1 == "fb" {print $2}' "$WORK/ports-a")" 4500
expect_eq "1: distinct source ports of A's per-CPU SAs" "$(distinct_pcpu_ports "$NSA" 192.0.2.1)" 4
awk '$1 != "fb" && ($2 < 49152 || $2 > 65535) {exit 1}' "$WORK/ports-a" ||
	fail "1: a per-CPU source port outside 49152-65535"
expect_eq "1: B's outbound per-CPU SAs: the IKE port only" \
	"$(out_ports "$NSB" 192.0.2.2 | awk '{print $2}' | sort -u)" 4500
n=$(ip -n "$NSB" xfrm state | grep -c "encap type espinudp sport 0 dport 4500" || true)
expect_eq "1: B's inbound per-CPU SAs accept any source port (sport 0)" "$n" 4

# traffic from each CPU of A: its SA's port on the wire, processed on B's
# matching CPU after XDP steering
in_b tcpdump -lni vb -c 200 'udp dst port 4500 and src 192.0.2.1' >"$WORK/tcpdump" 2>/dev/null &
TD=$!
sleep 1
for cpu in 0 1 2 3; do ping_a $cpu 20; done
sleep 1; kill "$TD" 2>/dev/null; wait "$TD" 2>/dev/null || true
seen=$(grep -o '192\.0\.2\.1\.[0-9]*' "$WORK/tcpdump" | cut -d. -f5 | sort -u | grep -vx 4500 | tr '\n' ' ')
want=$(awk '$1 != "fb" {print $2}' "$WORK/ports-a" | sort -u | tr '\n' ' ')
expect_eq "1: source ports on the wire (tcpdump on B)" "$seen" "$want"
steered_ok b 80 "1: B (ESP-in-UDP)"

spis_before=$(spis a)
ports_before=$(awk '$1 != "fb" {print $2}' "$WORK/ports-a" | sort)
wait_for "1: all children rekeyed" 60 eval '[ -z "$(comm -12 <(spis a) <(echo "$spis_before"))" ]'
sleep 2
expect_eq "1: the same source ports after rekey" \
	"$(out_ports "$NSA" 192.0.2.1 | awk '$1 != "fb" {print $2}' | sort -u)" "$ports_before"
for cpu in 0 1 2 3; do in_a taskset -c $cpu ping -q -c 3 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "1: ping from A's CPU $cpu after rekey"; done
pass "1: traffic after rekey"
ctl a down site >/dev/null
kill "$PID_b"; sleep 1

# 2. strongSwan with per_cpu_sas = encap initiates on traffic from B
write_conf a none 'per_cpu_sas = "encap";' 'encap = true;'
kill "$PID_a"; sleep 1
start_d a
write_swan b trap 'per_cpu_sas = encap'
sed -i 's/^    dpd_delay = 10s/&\n    encap = yes/' "$WORK/swan-b/swanctl.conf"
start_swan b
wait_for "2: multisad back" 10 eval 'status a'
for i in 1 2 3; do for cpu in 0 1 2 3; do ping_b $cpu 2; done; sleep 1; done
swan_pcpu() { ip -n "$NSB" xfrm state | grep -o "pcpu-num [0-9]*" | sort -u | wc -l; }
wait_for "2: strongSwan has per-CPU SAs for every CPU" 30 eval '[ "$(swan_pcpu)" = 4 ]'
wait_for "2: multisad answered with per-CPU children" 10 eval '[ "$(pcpu_cpus a)" -ge 2 ]'
out_ports "$NSB" 192.0.2.2 | tee "$WORK/ports-swan"
n=$(distinct_pcpu_ports "$NSB" 192.0.2.2)
[ "$n" -ge 4 ] || fail "2: strongSwan's per-CPU source ports: $n distinct, want >= 4"
pass "2: strongSwan's outbound per-CPU SAs use $n distinct source ports"
n=$(distinct_pcpu_ports "$NSA" 192.0.2.1)
[ "$n" -ge 2 ] || fail "2: multisad's per-CPU source ports: $n distinct, want >= 2"
pass "2: multisad's outbound per-CPU SAs use $n distinct source ports"
for cpu in 0 1 2 3; do in_b taskset -c $cpu ping -q -c 5 -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null || fail "2: ping from B's CPU $cpu"; done
for cpu in 0 1 2 3; do in_a taskset -c $cpu ping -q -c 5 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "2: ping from A's CPU $cpu"; done
pass "2: traffic from every CPU of both sides"
