#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo, on a kernel with ESP and per-CPU SAs (the lab guest, or the
# host when it has both): two multisad negotiate RFC 9611 per-CPU Child
# SAs, our XDP steers inbound ESP to each SA's CPU, traffic is sent from
# every CPU, and the per-CPU tables are printed.
. "$(dirname "$0")/../../tests/lab/lib/ike.sh"
NCPU=$(nproc)
setup_nets
attach_dp a
attach_dp b
write_conf a start 'per_cpu_sas = "yes";'
write_conf b none 'per_cpu_sas = "yes";'
start_d b
start_d a
echo "== two multisad, per-CPU SAs on demand, $NCPU CPUs"
wait_for "fallback Child SA up" 20 eval 'children_are a 1'
echo "== traffic from every CPU: the kernel asks for each CPU's SA (per-CPU ACQUIRE)"
for i in 1 2; do
	for cpu in $(seq 0 $((NCPU - 1))); do
		in_a taskset -c "$cpu" ping -q -c 3 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
	done
	sleep 1
done
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
wait_for "one per-CPU SA pair for every CPU" 30 eval '[ "$(pcpu_cpus a)" = "$NCPU" ]'
echo "== 200 pings from each CPU"
for cpu in $(seq 0 $((NCPU - 1))); do
	in_a taskset -c "$cpu" ping -q -c 200 -i 0.005 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true
done
echo
echo "== gateway A: multisactl status"
ctl a status
echo
echo "== gateway B: multisactl status (inbound processed on = XDP steering + TC)"
ctl b status
echo
echo "== per CPU on B: Child SA -> packets processed on each CPU"
status b | jq -r '.ike_sas[].children[] | select(.state=="INSTALLED") |
	"\(.name){\(.id)} SA \(if .cpu == null then "fallback" else "cpu \(.cpu)" end)  in \(.spi_in):  " +
	([.steering_in[]? | "cpu\(.cpu)=\(.rx_processed)"] | join(" "))'
