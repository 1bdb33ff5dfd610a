#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# per_cpu_cpus = "1-2" on both gateways (4 vCPUs): IPsec kept off CPUs 0
# and 3, as an operator keeps it off the cores taking NIC interrupts.
#  - per-CPU SAs (XFRM pcpu-num) for CPUs 1 and 2 only, on both ends (a
#    list makes them all at once, without the kernel's per-CPU acquires);
#    traffic from CPUs 0 and 3 leaves on the fallback SA, none lost;
#  - B binds the per-CPU SAs into its set, and its XDP steers their ESP
#    there: no per-CPU packet processed on CPU 0 or 3;
#  - the set counts as complete with 2 of 2 CPUs (status text and JSON);
#  - B deletes one per-CPU SA: A asks for that CPU again by itself (no
#    acquire exists to do it), and the set is complete again.
. /src/tests/lab/lib/ike.sh
setup_nets
attach_dp a
attach_dp b
PCPU='per_cpu_sas = "yes"; per_cpu_cpus = "1-2";'
write_conf a start "$PCPU"
write_conf b none "$PCPU"
start_d b
start_d a
wait_for "the fallback and two per-CPU SAs up, at once" 20 eval 'children_are a 3 && children_are b 3'

ping_cpu() { in_a taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; }
pcpu_list() { status "$1" | jq -c '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique'; }
for round in 1 2 3; do for cpu in 0 1 2 3; do ping_cpu $cpu 3; done; done
wait_for "per-CPU SAs on A for CPUs 1 and 2" 30 eval '[ "$(pcpu_list a)" = "[1,2]" ]'
wait_for "and on B" 10 eval '[ "$(pcpu_list b)" = "[1,2]" ]'
for ns in "$NSA" "$NSB"; do
	n=$(ip -n "$ns" xfrm state | grep -o "pcpu-num [0-9]*" | sort -u | tr '\n' ' ')
	expect_eq "per-CPU XFRM states in $ns" "$n" "pcpu-num 1 pcpu-num 2 "
done

# out packets of A's children per CPU ("fb": the fallback)
outs() { status a | jq -r '[.ike_sas[].children[] | select(.state=="INSTALLED")] |
	group_by(.cpu) | .[] | "\(.[0].cpu // "fb") \([.[].packets_out] | add)"' | sort; }
delta() { # CPU of the row, before, after
	echo $(( $(awk -v c="$1" '$1 == c {print $2}' <<<"$3") - $(awk -v c="$1" '$1 == c {print $2}' <<<"$2") ))
}
before=$(outs)
for cpu in 0 3; do ping_cpu $cpu 20; done
after=$(outs)
expect_eq "CPUs 0 and 3: on the fallback SA, none lost" "$(delta fb "$before" "$after")" 40
expect_eq "CPUs 0 and 3: none on CPU 1's SA" "$(delta 1 "$before" "$after")" 0
expect_eq "CPUs 0 and 3: none on CPU 2's SA" "$(delta 2 "$before" "$after")" 0
before=$after
for cpu in 1 2; do ping_cpu $cpu 20; done
after=$(outs)
expect_eq "CPU 1: on its own SA" "$(delta 1 "$before" "$after")" 20
expect_eq "CPU 2: on its own SA" "$(delta 2 "$before" "$after")" 20
expect_eq "CPUs 1 and 2: none on the fallback" "$(delta fb "$before" "$after")" 0

# B: its per-CPU SAs' ESP processed on their CPUs (1 and 2) only
steered_ok b 40 B
set_json=$(status b | jq -c '[.ike_sas[].per_cpu_sets[]][0] | {cpus_wanted, covered, complete}')
expect_eq "B's set" "$set_json" '{"cpus_wanted":2,"covered":[1,2],"complete":true}'
ctl b status | grep -q "^    per-CPU SAs: 2/2 CPUs, complete" || fail "status text: $(ctl b status)"
pass "IPsec kept on CPUs 1-2 of both gateways"

J=$(status b)
id=$(jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu == 1)][0].id' <<<"$J")
spi=$(jq -r ".ike_sas[].children[] | select(.id == $id) | .spi_in" <<<"$J")
ctl b delete "$id" >/dev/null
gone() { ! status b | jq -e ".ike_sas[].children[] | select(.spi_in == \"$spi\")" >/dev/null; }
wait_for "B's SA on CPU 1 ($spi) deleted" 10 gone
wait_for "and CPU 1 asked for again (a new SA)" 15 eval '[ "$(pcpu_list a)" = "[1,2]" ] && [ "$(pcpu_list b)" = "[1,2]" ]'
n=$(status a | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null)] | length')
expect_eq "per-CPU SAs on A after the re-creation" "$n" 2
