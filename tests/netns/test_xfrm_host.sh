#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel-side interface (user/kernel_xfrm.c) on this host's kernel,
# driven through tests/tools/xfrm_tool, in namespaces of its own (XFRM state
# is per namespace: the host's is never touched). The host has XFRM but no
# ESP: policies, ALLOCSPI and acquires are real; ESP SAs are refused, which
# exercises the error paths (kernel messages, both-or-neither steering).
#
#   +---- msa-a-PID ----+        +---- msa-b-PID ----+
#   | va 192.0.2.1      |<------>| vb 192.0.2.2      |
#   | policies, events  |  veth  | XDP steering maps |
#   +-------------------+        +-------------------+
. "$(dirname "$0")/lib.sh"
T=$BUILD/tests/tools/xfrm_tool
R1=0x4d530001  # reqids in multisa's range
R2=0x4d530002
FOREIGN=0x1234
EV=$(mktemp)
trap 'cleanup; rm -f "$EV"' EXIT INT TERM

# listen_bg ARGS...: a listener in A writing to $EV, ready when this returns
listen_bg() {
	in_a "$T" listen "$@" >"$EV" 2>/dev/null &
	LPID=$!
	for _ in $(seq 50); do grep -q listening "$EV" && return; sleep 0.1; done
	fail "listener did not start"
}
# expect_line WHAT REGEX FILE
expect_line() {
	grep -Eq "$2" "$3" || { cat "$3"; fail "$1: no line matching '$2'"; }
	pass "$1"
}

setup_pair

# ---- probe ---------------------------------------------------------------
P=$(in_a "$T" probe 2>/dev/null)
echo "$P"
expect_line "probe: no ESP on this kernel" "esp=no" <(echo "$P")
expect_line "probe: steering off without pinned maps" "steering=no" <(echo "$P")
if [ "$(printf '%s\n' "$(uname -r)" 6.13 | sort -V | head -1)" = 6.13 ]; then
	expect_line "probe: per-CPU SAs (kernel $(uname -r))" "pcpu=yes" <(echo "$P")
fi

# ---- policies ------------------------------------------------------------
in_a "$T" policy-add 192.0.2.1 192.0.2.2 out $R1 --prio 100 --cpu-acquire >/dev/null
in_a "$T" policy-add 192.0.2.2 192.0.2.1 in $R1 --prio 100 >/dev/null
in_a "$T" policy-add 10.0.0.0/8 10.1.0.0/16 fwd $R2 --proto 6 --dport 443 \
	--tunnel 192.0.2.2 192.0.2.1 >/dev/null
in_a ip xfrm policy >"$EV"
cat "$EV"
expect_line "out policy with CPU_ACQUIRE (flag 4)" "dir out priority 100 .*flag 4" "$EV"
expect_line "out policy template reqid" "reqid $((R1)) mode transport" "$EV"
expect_line "fwd policy: selector with protocol and port" \
	"src 10.0.0.0/8 dst 10.1.0.0/16 proto tcp dport 443" "$EV"
expect_line "fwd policy: tunnel template" "tmpl src 192.0.2.2 dst 192.0.2.1" "$EV"
in_a "$T" policy-del 10.0.0.0/8 10.1.0.0/16 fwd --proto 6 --dport 443 >/dev/null
in_a ip xfrm policy | grep -q "10.0.0.0/8" && fail "fwd policy still there"
pass "policy-del removed it"
[ "$(in_a "$T" policy-del 10.0.0.0/8 10.1.0.0/16 fwd 2>/dev/null)" = enoent ] ||
	fail "deleting a missing policy is not -ENOENT"
pass "policy-del of a missing policy: -ENOENT"

# ---- ACQUIRE: an out policy, no SA ----------------------------------------
# CPU_ACQUIRE is set, but with no SA at all the acquire carries no CPU (the
# first SA negotiated is the fallback). The trigger is a UDP send from CPU 1.
listen_bg 1 --timeout 5
in_a taskset -c 1 bash -c 'echo x >/dev/udp/192.0.2.2/9' 2>/dev/null || true
wait $LPID || { cat "$EV"; fail "no ACQUIRE"; }
cat "$EV"
expect_line "ACQUIRE decoded (reqid, no CPU, selector)" \
	"^ACQUIRE reqid $R1 cpu none src 192.0.2.1/32 .*dst 192.0.2.2/32 dstport 9 proto 17$" "$EV"

# ---- POLEXPIRE: a policy with lifetimes (set by ip: the interface has none) -
# (3 s between them: a policy timer that runs late past both deadlines
# sends the hard expiry alone, which a busy CI host once did with 1 s)
listen_bg 2 --timeout 8
in_a ip xfrm policy add src 192.0.2.1 dst 192.0.2.9 dir out tmpl proto esp \
	reqid $((R2)) mode transport limit time-soft 1 limit time-hard 4
wait $LPID || { cat "$EV"; fail "no POLEXPIRE"; }
cat "$EV"
expect_line "POLEXPIRE soft" "^POLEXPIRE soft reqid $R2 .*dst 192.0.2.9/32" "$EV"
expect_line "POLEXPIRE hard" "^POLEXPIRE hard reqid $R2 .*dst 192.0.2.9/32" "$EV"

# ---- lost events: a tiny receive buffer read late -> RESYNC ----------------
in_a ip route add 10.9.0.0/24 dev va
in_a "$T" policy-add 192.0.2.1 10.9.0.0/24 out $R2 >/dev/null
listen_bg 100 --timeout 3 --rcvbuf 1 --delay 1
for i in $(seq 1 40); do
	in_a bash -c "echo x >/dev/udp/10.9.0.$i/9" 2>/dev/null || true
done
wait $LPID || true
grep -c ACQUIRE "$EV" | sed 's/^/acquires read: /'
expect_line "ENOBUFS reported as RESYNC" "^RESYNC$" "$EV"

# ---- ALLOCSPI -------------------------------------------------------------
S1=$(in_a "$T" spi-alloc 192.0.2.2 192.0.2.1 $R1 2>/dev/null | awk '{print $2}')
S2=$(in_a "$T" spi-alloc 192.0.2.2 192.0.2.1 $R1 --cpu 1 2>/dev/null | awk '{print $2}')
SF=$(in_a "$T" spi-alloc 192.0.2.2 192.0.2.1 $FOREIGN 2>/dev/null | awk '{print $2}')
[ -n "$S1" ] && [ -n "$S2" ] && [ -n "$SF" ] || fail "ALLOCSPI failed"
in_a ip xfrm state >"$EV"
for s in "$S1" "$S2" "$SF"; do
	expect_line "larval SA of SPI $s" "spi $s " "$EV"
done
in_a "$T" spi-alloc 192.0.2.2 192.0.2.1 $R1 --cpu 4096 >/dev/null 2>"$EV" &&
	fail "ALLOCSPI accepted CPU 4096"
cat "$EV"
expect_line "a refused CPU is logged with the kernel's message" \
	"ALLOCSPI .*cpu 4096: .*\(kernel: .+\)" "$EV"

# ---- SAs: refused here (no ESP); nothing must be left behind ---------------
in_a "$T" sa-add 192.0.2.2 192.0.2.1 "$S1" $R1 --dir in >/dev/null 2>"$EV" &&
	fail "an ESP SA was accepted on a kernel without ESP"
cat "$EV"
expect_line "UPDSA of the larval SA, refusal logged with the kernel's message" \
	"UPDSA SA $S1 .*\(kernel: .+\)" "$EV"
in_a ip xfrm state | grep -q "spi $S1 " || fail "the larval SA went away"
pass "larval SA kept after the refused UPDSA"
in_a "$T" sa-add 192.0.2.1 192.0.2.2 0x500 $R1 --cpu 1 >/dev/null 2>"$EV" &&
	fail "a per-CPU SA without a direction was accepted"
expect_line "per-CPU SA without a direction refused by us" "without a direction" "$EV"

# with the datapath maps pinned: the steering entry of a refused SA is undone
in_b "$CTL" attach vb xdp native
P=$(in_b "$T" probe 2>/dev/null)
expect_line "probe: steering with pinned maps" "steering=yes" <(echo "$P")
in_b "$T" sa-add 192.0.2.1 192.0.2.2 0x600 $R1 --dir in --cpu 1 --id 7 \
	>/dev/null 2>&1 && fail "an ESP SA was accepted on a kernel without ESP"
[ -z "$(in_b "$CTL" steer list)" ] || fail "steering entry left behind: $(in_b "$CTL" steer list)"
pass "refused SA: its steering entry was taken back"
in_b "$CTL" steer add spi 0x700 dst 192.0.2.2 cpu 0 id 3
in_b "$T" sa-add 192.0.2.1 192.0.2.2 0x700 $R1 --dir in --id 8 >/dev/null 2>&1 &&
	fail "sa-add over an existing steering entry succeeded"
in_b "$CTL" steer list | grep -q "spi 0x00000700 .* id 3$" ||
	fail "the existing steering entry was changed"
pass "existing steering entry: SA refused, entry untouched"

# ---- flush_owned: our reqids go, a foreign one stays ------------------------
in_a "$T" policy-add 192.0.2.1 192.0.2.3 out $FOREIGN >/dev/null
S3=$(in_b "$T" spi-alloc 192.0.2.1 192.0.2.2 $R2 2>/dev/null | awk '{print $2}')
in_b "$CTL" steer add spi "$S3" dst 192.0.2.2 cpu 1 id 9
in_a "$T" flush >/dev/null
in_b "$T" flush >/dev/null
# (the acquires' larval SAs above have SPI 0: no request can name them; the
# kernel drops them after net.core.xfrm_acq_expires)
in_a ip xfrm policy >"$EV"
in_a ip xfrm state | grep -v "spi 0x00000000 " >>"$EV"
cat "$EV"
grep -Eq "reqid $((R1))|reqid $((R2))" "$EV" && fail "flush left our reqids"
pass "flush removed our policies and SAs"
expect_line "foreign policy kept" "reqid $((FOREIGN)) mode transport" "$EV"
expect_line "foreign larval SA kept" "spi $SF " "$EV"
in_b "$CTL" steer list | grep -q "spi $S3" && fail "flushed SA's steering entry left"
pass "flush removed the flushed SA's steering entry"
in_b "$CTL" steer list | grep -q "spi 0x00000700" ||
	fail "flush removed a steering entry that is not of a flushed SA"
pass "other steering entries kept"
in_b "$CTL" detach vb
