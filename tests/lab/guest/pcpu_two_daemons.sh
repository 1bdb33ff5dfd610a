#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# RFC 9611 between two multisad, real per-CPU XFRM SAs and our XDP on both
# veths (4 vCPUs). A asks on demand (CPU_ACQUIRE out policy: the kernel's
# per-CPU ACQUIRE makes A negotiate that CPU's SA), B answers and binds each
# additional SA to its least loaded CPU.
#  - after warm-up, one per-CPU SA pair per CPU (pcpu-num in XFRM);
#  - pings pinned to CPU n leave on A's SA for CPU n only;
#  - B's XDP steers each inbound per-CPU SA to its CPU: no packet of it is
#    processed on another CPU (TC accounting);
#  - a child rekey keeps the CPU of every per-CPU SA;
#  - idle, nothing is created or deleted (no loops);
#  - `multisactl delete` of one per-CPU SA on B: A does not re-create it
#    while idle, only when traffic on that CPU asks again.
. /src/tests/lab/lib/ike.sh
setup_nets
attach_dp a
attach_dp b
PCPU='per_cpu_sas = "yes"; rekey_time = "40s"; life_time = "80s";'
write_conf a start "$PCPU"
write_conf b none "$PCPU"
start_d b
start_d a
wait_for "fallback child up" 20 eval 'children_are a 1 && children_are b 1'

ping_cpu() { in_a taskset -c "$1" ping -q -c "$2" -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; }
# distinct CPUs with an installed per-CPU child
pcpu_cpus() { status "$1" | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
for cpu in 0 1 2 3; do ping_cpu $cpu 3; done
wait_for "a per-CPU child for every CPU on A" 30 eval '[ "$(pcpu_cpus a)" = 4 ]'
wait_for "and on B" 10 eval '[ "$(pcpu_cpus b)" = 4 ]'
n=$(ip -n "$NSA" xfrm state | grep -o "pcpu-num [0-9]*" | sort -u | wc -l)
expect_eq "CPUs with per-CPU XFRM states on A (pcpu-num)" "$n" 4
status a | jq -r '.ike_sas[].children[] | "\(.name) cpu=\(.cpu) in=\(.spi_in) out=\(.spi_out)"'

# out packets of A's children, summed per CPU ("fb": the fallback)
outs() { status a | jq -r '[.ike_sas[].children[] | select(.state=="INSTALLED")] |
	group_by(.cpu) | .[] | "\(.[0].cpu // "fb") \([.[].packets_out] | add)"' | sort; }
before=$(outs)
for cpu in 0 1 2 3; do ping_cpu $cpu 20; done
after=$(outs)
echo "$before" > "$WORK/before"; echo "$after" > "$WORK/after"
while read -r cpu n; do
	b=$(awk -v c="$cpu" '$1 == c {print $2}' "$WORK/before")
	d=$((n - b))
	if [ "$cpu" = fb ]; then expect_eq "fallback SA carried" "$d" 0
	else expect_eq "SAs of CPU $cpu carried" "$d" 20; fi
done <"$WORK/after"

# B: every inbound per-CPU SA processed only on its CPU
steered_ok b 80 B
# the text view: the fallback's block, the set's line, one row per CPU
txt=$(ctl b status); echo "$txt" | head -30
grep -Eq "^  [a-z]+\{[0-9]+\}: INSTALLED [0-9a-z]+ ago, reqid [0-9]+, tunnel, ESP .*, fallback$" <<<"$txt" || fail "status: no fallback block"
grep -Eq "^    local  10\.2\.0\.0/16$" <<<"$txt" || fail "status: selectors not as prefixes"
grep -q "^    per-CPU SAs: 4/4 CPUs, complete" <<<"$txt" || fail "status: no complete set line"
rows=$(grep -Ec "^ +[0-3]  \{[0-9]+\} +INSTALLED " <<<"$txt")
[ "$rows" -ge 4 ] || fail "status: $rows per-CPU rows, want >= 4"
pass "status text: fallback block, set line, $rows per-CPU rows"
# metrics: the fast path's counters, and traffic totals that survive rekeys
in_total() { ctl b metrics | awk '/^multisa_child_sa_packets_total\{.*direction="in"/ {s += $2} END {print s + 0}'; }
ctl b metrics | grep -Eq '^multisa_datapath_packets_total\{counter="tc_in_on_cpu",cpu="[0-3]"\} [1-9]' ||
	fail "metrics: no tc_in_on_cpu counts"
m_before=$(in_total)
[ "$m_before" -ge 80 ] || fail "metrics: $m_before inbound packets counted, want >= 80"
pass "metrics: datapath counters per CPU, $m_before inbound packets"

# rekey keeps the bindings
cpus_of() { status "$1" | jq -c '[.ike_sas[].children[] | select(.state=="INSTALLED") | .cpu] | sort'; }
spis_before=$(spis a)
cpus_a=$(cpus_of a); cpus_b=$(cpus_of b)
wait_for "all children rekeyed" 60 eval '[ -z "$(comm -12 <(spis a) <(echo "$spis_before"))" ]'
wait_for "after rekey: the same CPUs on A" 10 eval '[ "$(cpus_of a)" = "$cpus_a" ]'
expect_eq "after rekey: the same CPUs on B" "$(cpus_of b)" "$cpus_b"
wait_for "rekeyed pairs agree" 10 pairs_match
# 20 more pings on the new SAs: without what the old ones carried the
# total would stay near m_before (the new SAs hold 20)
for cpu in 0 1 2 3; do ping_cpu $cpu 5; done
m_after=$(in_total)
[ "$m_after" -ge $((m_before + 20)) ] || fail "metrics: $m_before inbound packets before the rekey, $m_after after 20 more"
pass "metrics: the totals kept what the rekeyed SAs carried ($m_before -> $m_after)"

# no delete/create loop while idle: rekeys go on (they replace SAs), but
# no CPU gains SAs: still every CPU, at most one extra during a rekey
sleep 8
expect_eq "CPUs with a per-CPU SA after idling" "$(pcpu_cpus a)" 4
n=$(status a | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null)] | length')
[ "$n" -le 5 ] || fail "per-CPU SAs grew while idle: $n"
pass "no growth while idle ($n per-CPU SAs)"

# one per-CPU SA deleted by the peer (B's operator): no re-creation while
# idle (only rekeys, which carry rekey_of), until A's CPU has traffic again
J=$(status b)
id=$(jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null)][0].id' <<<"$J")
spi=$(jq -r ".ike_sas[].children[] | select(.id==$id) | .spi_out" <<<"$J")
cpu_a=$(status a | jq ".ike_sas[].children[] | select(.spi_in==\"$spi\") | .cpu")
last=$(status a | jq '[.ike_sas[].children[].id] | max')
ctl b delete "$id"
wait_for "B's per-CPU SA $spi deleted on A too" 10 eval '! status a | jq -e ".ike_sas[].children[] | select(.spi_in==\"$spi\")"'
new_pcpu() { status a | jq "[.ike_sas[].children[] | select(.id > $last and .cpu != null and .rekey_of == null)] | length"; }
sleep 6
expect_eq "per-CPU SAs created on A while idle after the delete" "$(new_pcpu)" 0
if [ "$(status a | jq "[.ike_sas[].children[] | select(.state==\"INSTALLED\" and .cpu==$cpu_a)] | length")" = 0 ]; then
	for _ in 1 2 3; do ping_cpu "$cpu_a" 3; sleep 1; done
	wait_for "traffic on A's CPU $cpu_a asks for its SA again" 20 eval '[ "$(new_pcpu)" -ge 1 ]'
else
	pass "A's CPU $cpu_a still had another per-CPU SA"
fi
