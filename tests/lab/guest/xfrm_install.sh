#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# In the lab guest (real ESP, 4 vCPUs): the kernel-side interface installs
# everything itself, through tests/tools/xfrm_tool (msa_kernel_open + ops).
#  1. an SA pair + policies between two namespaces: A->B AES-GCM-16 with ESN,
#     its SPI from B's ALLOCSPI (UPDSA of the larval SA), B->A AES-CBC +
#     HMAC-SHA2-256 with a 64-packet window; pings cross; both kernels count
#     them (our GETSA and `ip -s xfrm state` agree); tcpdump sees our SPIs;
#     steering entries are written with the SAs and go with them;
#  2. per-CPU SAs: dir-out SAs for CPUs 0-3 next to a fallback; pings pinned
#     to CPU n are carried by CPU n's SA only;
#  3. CPU_ACQUIRE: without their SAs, CPUs 1-3 each raise an ACQUIRE with
#     their CPU; answered with ALLOCSPI (CPU) + SAs, they carry that CPU;
#  4. UDP encapsulation on the wire, SA lifetimes as EXPIRE events, flush.
. /src/tests/netns/lib.sh
T=$BUILD/tests/tools/xfrm_tool
R1=0x4d530001
R2=0x4d530002
A=192.0.2.1
B=192.0.2.2
GCM256=0x$(printf '%072x' 0x1f2e3d4c5b6a7988)         # 32-octet key + salt
CBC128=0x000102030405060708090a0b0c0d0e0f
SHA256=0x$(printf '%064x' 0x42)
WORK=/tmp/xfrm-$$
mkdir -p "$WORK"
uname -r
ip -V

x_a() { in_a "$T" "$@"; }
x_b() { in_b "$T" "$@"; }
# packets NS DST SPI: the SA's packet count, by our GETSA
packets() { "x_$1" sa-stats "$2" "$3" | awk '{print $4}'; }
# ip_packets NS DST SPI: the same, as `ip -s xfrm state` shows it
ip_packets() {
	"in_$1" ip -s xfrm state get src "$([ "$2" = $B ] && echo $A || echo $B)" \
		dst "$2" proto esp spi "$3" |
		sed -n '/lifetime current:/{n;s/.*(bytes), \([0-9]*\)(packets).*/\1/p}'
}
ping_cpu() { # CPU COUNT
	in_a taskset -c "$1" ping -q -c "$2" -i 0.05 -W 2 $B >/dev/null 2>&1 || true
}
# listen_bg NS ARGS...: events to $WORK/ev, ready when this returns
listen_bg() {
	local ns=$1
	shift
	"in_$ns" "$T" listen "$@" >"$WORK/ev" &
	LPID=$!
	for _ in $(seq 100); do grep -q listening "$WORK/ev" && return; sleep 0.1; done
	fail "listener did not start"
}

setup_pair
in_a "$CTL" attach va xdp none
in_b "$CTL" attach vb
P=$(x_a probe)
echo "$P"
expect_eq "probe" "$P" "esp=yes pcpu=yes steering=yes ncpus=4"

# ---- 1. an SA pair and its policies -----------------------------------------
SAB=$(x_b spi-alloc $A $B $R1 | awk '{print $2}')
[ -n "$SAB" ] || fail "ALLOCSPI"
SBA=0xb0000001
x_b sa-add $A $B "$SAB" $R1 --dir in --esn --replay 128 --aead $GCM256 --id 1 --cpu 1
x_a sa-add $A $B "$SAB" $R1 --dir out --esn --aead $GCM256 --id 2
x_a sa-add $B $A $SBA $R1 --dir in --replay 64 --cbc $CBC128 --integ sha256 $SHA256
x_b sa-add $B $A $SBA $R1 --dir out --cbc $CBC128 --integ sha256 $SHA256
x_a policy-add $A $B out $R1 >/dev/null
x_a policy-add $B $A in $R1 >/dev/null
x_b policy-add $B $A out $R1 >/dev/null
x_b policy-add $A $B in $R1 >/dev/null
in_b ip xfrm state get src $A dst $B proto esp spi "$SAB"
in_a ip xfrm state get src $A dst $B proto esp spi "$SAB"
in_a ip xfrm state get src $B dst $A proto esp spi $SBA
in_b ip xfrm state list >"$WORK/st"
grep -q "aead rfc4106(gcm(aes)) .* 128" "$WORK/st" || fail "B: no GCM SA"
grep -q "flag esn" "$WORK/st" || fail "B: the ESN flag is missing"
grep -q "auth-trunc hmac(sha256) .* 128" "$WORK/st" || fail "B: no HMAC-SHA256-128"
grep -q "enc cbc(aes)" "$WORK/st" || fail "B: no AES-CBC"
pass "transforms, ESN as installed"
in_b "$CTL" steer list | grep -q "spi $SAB .* cpu 1 .* id 1$" || fail "no steering entry"
in_a "$CTL" txsa list | grep -q "spi $SAB .* cpu any .* id 2$" || fail "no txsa entry"
pass "steering and egress entries written with the SAs"

# (nsenter execs tcpdump: $! is tcpdump)
nsenter --net=/run/netns/"$NSB" tcpdump -n -l -i vb esp >"$WORK/dump" 2>/dev/null &
DUMP=$!
sleep 2
in_a ping -q -c 10 -i 0.05 -W 2 $B || fail "ping across the SA pair"
sleep 1
kill $DUMP
expect_eq "A->B: A's out SA (GETSA)" "$(packets a $B "$SAB")" 10
expect_eq "A->B: B's in SA (GETSA)" "$(packets b $B "$SAB")" 10
expect_eq "B->A: B's out SA (GETSA)" "$(packets b $A $SBA)" 10
expect_eq "B->A: A's in SA (GETSA)" "$(packets a $A $SBA)" 10
expect_eq "ip -s xfrm state agrees (A out)" "$(ip_packets a $B "$SAB")" 10
expect_eq "ip -s xfrm state agrees (B in)" "$(ip_packets b $B "$SAB")" 10
n1=$(grep -c "ESP(spi=$SAB," "$WORK/dump" || true)
n2=$(grep -c "ESP(spi=$SBA," "$WORK/dump" || true)
expect_eq "tcpdump: ESP with A->B's SPI" "$n1" 10
expect_eq "tcpdump: ESP with B->A's SPI" "$n2" 10

# both or neither: a datapath id the map refuses -> no SA either
x_a sa-add $A $B 0xe0000001 $R1 --dir out --id 200000 2>&1 && fail "SA id 200000 (past the maps) accepted"
in_a ip xfrm state | grep -q "spi 0xe0000001" && fail "SA installed without its entry"
pass "map refused: no SA"
# ... and a refused SA leaves no entry (a dir-out SA may not have a window)
x_a sa-add $A $B 0xe0000002 $R1 --dir out --id 5 --esn --replay 0 >/dev/null
in_a ip xfrm state | grep -q "spi 0xe0000002" || fail "dir-out ESN SA without a window"
in_a "$CTL" txsa list | grep -q "spi 0xe0000002 .* id 5$" || fail "no txsa entry"
x_a sa-del $B 0xe0000002 --dir out
in_a ip xfrm state | grep -q "spi 0xe0000002" && fail "sa-del left the SA"
in_a "$CTL" txsa list | grep -q "spi 0xe0000002" && fail "sa-del left the entry"
pass "sa-del: SA and entry gone"
[ "$(x_a sa-del $B 0xe0000002 2>/dev/null)" = enoent ] || fail "sa-del again: not -ENOENT"
pass "sa-del of a missing SA: -ENOENT"
x_b flush
x_a flush
[ -z "$(in_b ip xfrm state)$(in_b ip xfrm policy)" ] || fail "B: flush left state"
[ -z "$(in_b "$CTL" steer list)" ] || fail "B: flush left steering entries"
pass "flush: SAs, policies, steering entries gone"

# ---- 2. per-CPU SAs ------------------------------------------------------------
FB=0xf0000000
x_a sa-add $A $B $FB $R2 --dir out --id 10
x_b sa-add $A $B $FB $R2 --dir in --id 10
for c in 0 1 2 3; do
	x_a sa-add $A $B 0xc000000$c $R2 --dir out --cpu $c --id $((20 + c))
	x_b sa-add $A $B 0xc000000$c $R2 --dir in --cpu $c --id $((20 + c))
done
x_b sa-add $B $A 0xd0000000 $R2 --dir out
x_a sa-add $B $A 0xd0000000 $R2 --dir in
x_a policy-add $A $B out $R2 >/dev/null
x_a policy-add $B $A in $R2 >/dev/null
x_b policy-add $B $A out $R2 >/dev/null
x_b policy-add $A $B in $R2 >/dev/null
n=$(in_a ip xfrm state | grep -c "pcpu-num" || true)
expect_eq "A: per-CPU states (pcpu-num)" "$n" 4
for c in 0 1 2 3; do ping_cpu $c 2; done	# warm up
count_all() { for s in $FB 0xc0000000 0xc0000001 0xc0000002 0xc0000003; do
	echo "$s $(packets a $B $s)"; done; }
for c in 0 1 2 3; do
	count_all >"$WORK/before"
	ping_cpu $c 10
	count_all >"$WORK/after"
	while read -r s n; do
		b=$(awk -v s="$s" '$1 == s {print $2}' "$WORK/before")
		want=0
		[ "$s" = 0xc000000$c ] && want=10
		expect_eq "ping from CPU $c: SA $s carried" $((n - b)) $want
	done <"$WORK/after"
done
expect_eq "ip -s xfrm state agrees (CPU 3's SA)" "$(ip_packets a $B 0xc0000003)" \
	"$(packets a $B 0xc0000003)"

# ---- 3. CPU_ACQUIRE ---------------------------------------------------------------
for c in 1 2 3; do x_a sa-del $B 0xc000000$c --dir out; done
x_a policy-add $A $B out $R2 --cpu-acquire >/dev/null
in_a ip xfrm policy | grep -q "flag 4\|flag cpu-acquire" || fail "no CPU_ACQUIRE flag"
# One CPU at a time, as a daemon answers: while an acquire is pending the
# kernel raises none for other CPUs (an acquire state found before the
# fallback counts as "in progress").
for c in 1 2 3; do
	listen_bg a 1 --timeout 20
	ping_cpu $c 1
	wait $LPID || { cat "$WORK/ev"; fail "no ACQUIRE from CPU $c"; }
	cat "$WORK/ev"
	grep -Eq "^ACQUIRE reqid $R2 cpu $c src $A/32 .*dst $B/32" "$WORK/ev" ||
		fail "the ACQUIRE is not CPU $c's"
	pass "CPU $c without its SA: a per-CPU ACQUIRE for CPU $c"
	spi=$(x_b spi-alloc $A $B $R2 --cpu $c | awk '{print $2}')
	x_b sa-add $A $B "$spi" $R2 --dir in --cpu $c >/dev/null
	x_a sa-add $A $B "$spi" $R2 --dir out --cpu $c >/dev/null
	b=$(packets a $B "$spi")
	ping_cpu $c 5
	expect_eq "CPU $c's new SA $spi carried" $(($(packets a $B "$spi") - b)) 5
done
x_a flush
x_b flush

# ---- 4. UDP encapsulation, lifetimes ----------------------------------------------------
x_a sa-add $A $B 0xe1000001 $R1 --dir out --encap 4500:4500
x_a policy-add $A $B out $R1 --proto 17 --dport 7 >/dev/null
in_a ip xfrm state | grep -q "encap type espinudp sport 4500 dport 4500" || fail "no encap"
nsenter --net=/run/netns/"$NSB" tcpdump -n -l -i vb udp port 4500 \
	>"$WORK/dump2" 2>/dev/null &
DUMP=$!
sleep 2
for _ in 1 2 3; do in_a bash -c "echo x >/dev/udp/$B/7" || true; done
sleep 1
kill $DUMP
cat "$WORK/dump2"
expect_eq "ESP in UDP 4500 with our SPI" \
	"$(grep -c "4500: UDP-encap: ESP(spi=0xe1000001," "$WORK/dump2" || true)" 3

listen_bg a 2 --timeout 20
x_a sa-add $A $B 0xe2000001 $R1 --dir out --soft-s 1 --hard-s 3
wait $LPID || { cat "$WORK/ev"; fail "no EXPIRE events"; }
cat "$WORK/ev"
grep -q "^EXPIRE soft reqid $R1 cpu none spi 0xe2000001 dst $B dir 2" "$WORK/ev" || fail "no soft EXPIRE"
grep -q "^EXPIRE hard reqid $R1 cpu none spi 0xe2000001 dst $B dir 2" "$WORK/ev" || fail "no hard EXPIRE"
pass "EXPIRE soft then hard, with SPI, destination and direction"
x_a flush
[ -z "$(in_a ip xfrm state)$(in_a ip xfrm policy)" ] || fail "A: flush left state"
pass "flushed"
