#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Many tunnels at once, per-CPU SAs all at once on both ends: P peers
# (addresses on A's link, one connection each) start together against one
# responder, which also fills its CPUs. Under that burst datagrams are
# lost and late (cookies, retransmissions, requests crossing on the wire,
# answers lost), which is what found the races this test keeps fixed
# (docs/ike.md: cookies, crossings seen from one end, a fill that starts
# before the peer is up). Checked: every IKE SA comes up on both ends, no
# AUTH fails, and each holds the fallback and exactly one SA per CPU on
# both ends (the per-CPU sets converge: no CPU with two, none with none).
# LAB_ENV="P=200" sets the number of peers.
# lab-timeout: 600
. /src/tests/lab/lib/ike.sh
P=${P:-200}
N=$(nproc)
trap 'ike_cleanup' EXIT INT TERM
setup_nets

for i in $(seq 0 $((P - 1))); do
	printf '198.18.%d.%d\n' $((i / 250)) $((i % 250 + 1))
done >"$WORK/addrs"
in_a sh -c "while read -r a; do ip addr add \$a/15 dev va noprefixroute; done" <"$WORK/addrs"
in_a ip route add 198.19.0.1/32 dev va
in_b ip addr add 198.19.0.1/15 dev vb

PCPU='per_cpu_sas = "yes"; per_cpu_create = "all";'
{
	cat <<EOC
global = { ctl_socket = "$RUN/a.sock"; log_level = "info";
           pin_root = "$MULTISA_PIN_ROOT-a";
           retransmit_timeout = "2s"; retransmit_tries = 5; };
connections = {
EOC
	i=0
	while read -r ad; do
		cat <<EOC
  p$i = { local_addrs = "$ad"; remote_addrs = "198.19.0.1";
    proposals = [ "aes256gcm16-prfsha256-x25519" ];
    local = { id = "p$i.example"; }; remote = { id = "b.example"; };
    secret = "lab-psk-0123456789";
    children = { net = { local_ts = [ "10.128.$((i / 250)).$((i % 250 + 1))/32" ];
      remote_ts = [ "10.2.0.0/16" ]; esp_proposals = [ "aes128gcm16" ];
      start_action = "start"; $PCPU }; }; };
EOC
		i=$((i + 1))
	done <"$WORK/addrs"
	echo "};"
} >"$WORK/a.conf"
cat >"$WORK/b.conf" <<EOC
global = { ctl_socket = "$RUN/b.sock"; log_level = "info";
           pin_root = "$MULTISA_PIN_ROOT-b"; };
connections = {
  any = { local_addrs = "198.19.0.1"; remote_addrs = "%any";
    proposals = [ "aes256gcm16-prfsha256-x25519" ];
    local = { id = "b.example"; }; remote = { id = "%any"; };
    secret = "lab-psk-0123456789";
    children = { net = { local_ts = [ "10.2.0.0/16" ];
      remote_ts = [ "10.128.0.0/9" ]; esp_proposals = [ "aes128gcm16" ];
      $PCPU }; }; };
};
EOC

# "IKE SAs, IKE SAs with exactly the fallback and one SA per CPU" of side s
sets() {
	status "$1" 2>/dev/null | jq -r --argjson n "$N" '
		[.ike_sas[] | select(.state == "ESTABLISHED")] as $up |
		[$up[] | [.children[] | select(.state == "INSTALLED")] |
		 select(length == $n + 1 and
			([.[] | select(.cpu == null)] | length) == 1 and
			([.[].cpu | select(. != null)] | unique | length) == $n)] |
		"\($up | length) \(length)"' 2>/dev/null || echo "0 0"
}
converged() {
	local a b
	a=$(sets a)
	b=$(sets b)
	[ "$a" = "$P $P" ] && [ "$b" = "$P $P" ]
}

start_d b
for _ in $(seq 50); do [ -S "$RUN/b.sock" ] && break; sleep 0.2; done
t0=$(date +%s%N)
start_d a
ok=""
for _ in $(seq 240); do	# 120 s
	converged && { ok=1; break; }
	sleep 0.5
done
t1=$(date +%s%N)
echo "A: $(sets a), B: $(sets b) (IKE SAs up, with a complete set; want $P $P)"
echo "BENCH pcpu_many P=$P CPUs=$N converged_ms=$(( (t1 - t0) / 1000000 ))"
[ -n "$ok" ] || { show_logs; fail "$P tunnels: per-CPU sets not all complete within 120 s"; }
pass "$P tunnels up, each with the fallback and one SA per CPU on both ends"
if grep -h "AUTH does not verify\|IKE_AUTH failed" "$WORK/a.log" "$WORK/b.log"; then
	fail "an IKE_AUTH failed under the burst"
fi
pass "no IKE_AUTH failed"
