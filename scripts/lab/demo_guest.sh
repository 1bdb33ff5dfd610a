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
# pings from CPU $2 of side $1, $3 of them, every $4 s
ping_from() {
	if [ "$1" = a ]; then in_a taskset -c "$2" ping -q -c "$3" -i "$4" -W 1 -I 10.1.0.1 10.2.0.1
	else in_b taskset -c "$2" ping -q -c "$3" -i "$4" -W 1 -I 10.2.0.1 10.1.0.1; fi >/dev/null 2>&1 || true
}
# from every CPU of both gateways at the same moment
ping_all() {
	local pids="" cpu
	for cpu in $(seq 0 $((NCPU - 1))); do
		ping_from a "$cpu" "$1" "$2" & pids="$pids $!"
		ping_from b "$cpu" "$1" "$2" & pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
}
echo "== traffic from every CPU of both gateways at once: each kernel asks for each CPU's SA (per-CPU ACQUIRE)"
for i in 1 2; do ping_all 3 0.05; sleep 1; done
set_of() { status "$1" | jq -c '[.ike_sas[] | select(.state=="ESTABLISHED") | .per_cpu_sets[]][0] // {}'; }
all_cpus=$(seq 0 $((NCPU - 1)) | jq -sc .)
one_per_cpu() { [ "$(set_of "$1" | jq -c .covered)" = "$all_cpus" ] && [ "$(set_of "$1" | jq -c .duplicates)" = "[]" ]; }
wait_for "one per-CPU SA pair for every CPU, on both gateways" 30 eval 'one_per_cpu a && one_per_cpu b'
echo "== 200 pings from each CPU of both gateways"
ping_all 200 0.005
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
echo
# The invariant, asserted (the demo fails if it does not hold): on both
# gateways one per-CPU SA pair per CPU, every CPU decrypting its share, and
# no CPU taking more than 1/N + 0.05 of the per-CPU decrypts.
echo "== per-CPU set (multisactl status):"
ok=1
for s in a b; do
	j=$(set_of $s)
	share=$(status $s | jq '[.ike_sas[].children[] | select(.cpu != null) | .steering_in[]? | {cpu, n: .rx_processed}] |
		group_by(.cpu) | map([.[].n] | add) as $per | ($per | add) as $all |
		if $all > 0 then ($per | max) / $all else 1 end')
	echo "   gateway $s: covered $(jq -c .covered <<<"$j"), duplicates $(jq -c .duplicates <<<"$j"), no inbound $(jq -c .no_inbound <<<"$j"), busiest CPU's share of decrypts $(printf %.2f "$share")"
	one_per_cpu $s || ok=0
	[ "$(jq -c .no_inbound <<<"$j")" = "[]" ] || ok=0
	awk -v s="$share" -v n="$NCPU" 'BEGIN { exit !(s <= 1 / n + 0.05) }' || ok=0
done
[ $ok = 1 ] || fail "the per-CPU set did not converge to one SA pair per CPU, each CPU decrypting its share"
echo "== converged: one SA pair per CPU on both gateways, each CPU decrypting its own share"
