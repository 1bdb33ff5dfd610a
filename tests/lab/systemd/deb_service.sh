#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab-guest: systemd
# lab-timeout: 500
# The package and the service on a real systemd (PID 1, journald), in the
# lab guest of this host's Debian release: dpkg -i the built .deb (the unit
# enabled, not started; conffiles; secrets 0600), `systemctl start
# multisad` as gateway A (root namespace, XDP attached) against a plain
# multisad as gateway B (namespace b), traffic through the tunnel,
# `systemctl reload` after adding a connection with pings running (no
# loss, the tunnel's SPIs unchanged), the journal's priorities, the unit's
# rights as systemd applies them, and `systemctl stop` leaving no SA,
# policy or steering entry.
set -euo pipefail
fail() {
	echo "FAIL: $*"
	echo "---- journal of multisad (A)"; journalctl -u multisad --no-pager | tail -20
	echo "---- B"; tail -20 /tmp/b.log 2>/dev/null
	exit 1
}
pass() { echo "ok: $*"; }
expect_eq() { [ "$2" = "$3" ] || fail "$1: '$2', expected '$3'"; pass "$1 = $2"; }
wait_for() { local i; for i in $(seq "$2"); do eval "$3" && return; sleep 1; done; fail "$1: not within $2 s"; }

deb=$(ls /src/build/debs/multisa_*_amd64.deb | head -1)
# a fresh install each time: the guest's root is kept between boots, and
# an earlier run left the package with its configuration edited (the
# reload below), which a changed conffile would turn into dpkg's question
dpkg --purge multisa >/dev/null 2>&1 || true
dpkg -i "$deb" >/dev/null || fail "dpkg -i $deb"
expect_eq "unit enabled" "$(systemctl is-enabled multisad)" enabled
expect_eq "unit not started" "$(systemctl is-active multisad || true)" inactive
expect_eq "secrets mode" "$(stat -c %a /etc/multisa/secrets.conf)" 600
grep -qx /etc/multisa/multisad.conf /var/lib/dpkg/info/multisa.conffiles || fail "not a conffile"
[ -f /usr/share/man/man8/multisad.8.gz ] && [ -f /usr/share/man/man5/multisad.conf.5.gz ] || fail "man pages"
multisad --version | grep -q "^multisad 0" || fail "multisad --version: $(multisad --version)"
pass "the package installed: unit, conffiles, man pages"

# A (root namespace) 192.0.2.1, 10.1.0.1 <-> B (namespace b) 192.0.2.2, 10.2.0.1
ip netns add b
ip link add va type veth peer name vb netns b
ip addr add 192.0.2.1/24 dev va; ip link set va up; ip link set lo up
ip addr add 10.1.0.1/32 dev lo
ip -n b addr add 192.0.2.2/24 dev vb; ip -n b link set vb up; ip -n b link set lo up
ip -n b addr add 192.0.2.3/24 dev vb	# lab2's end: B tells the two apart
ip -n b addr add 10.2.0.1/32 dev lo
ip route add 10.2.0.0/16 dev va src 10.1.0.1
ip -n b route add 10.1.0.0/16 dev vb src 10.2.0.1
multisactl attach va >/dev/null || fail "multisactl attach va"

conn() { # NAME NET_L NET_R START
	cat <<EOC
    $1 = {
        local_addrs = "$ME"; remote_addrs = "$PEER";
        local = { id = "$ME_ID"; }; remote = { id = "$PEER_ID"; };
        children = { $1 = { local_ts = [ "$2" ]; remote_ts = [ "$3" ];
                            start_action = "$4"; }; };
    };
EOC
}
secrets() { printf 'secrets = { ike-1 = { id = "%s"; secret = "lab-systemd-psk-0123456789"; }; };\n' "$1"; }

ME=192.0.2.2 PEER=192.0.2.1 ME_ID=b.example PEER_ID=a.example
mkdir -p -m 700 /etc/multisa-b
secrets a.example >/etc/multisa-b/secrets.conf; chmod 600 /etc/multisa-b/secrets.conf
{ echo 'global = { ctl_socket = "/run/multisa-b/b.sock"; pin_root = "/sys/fs/bpf/multisa-b"; secrets_file = "secrets.conf"; };'
  echo 'connections = {'; conn site 10.2.0.0/16 10.1.0.0/16 none
  ME=192.0.2.3 conn lab2 10.2.9.0/24 10.1.9.0/24 none; echo '};'; } >/etc/multisa-b/multisad.conf
ip netns exec b multisad -c /etc/multisa-b/multisad.conf >/tmp/b.log 2>&1 &

ME=192.0.2.1 PEER=192.0.2.2 ME_ID=a.example PEER_ID=b.example
secrets b.example >/etc/multisa/secrets.conf
{ echo 'global = { secrets_file = "secrets.conf"; };'
  echo 'connections = {'; conn site 10.1.0.0/16 10.2.0.0/16 start; echo '};'; } >/etc/multisa/multisad.conf
multisad --check -c /etc/multisa/multisad.conf >/dev/null || fail "A's configuration"
systemctl start multisad || fail "systemctl start"
expect_eq "active" "$(systemctl is-active multisad)" active
inst() { multisactl --json status | jq '[.ike_sas[].children[] | select(.state=="INSTALLED")] | length'; }
wait_for "the tunnel up" 30 '[ "$(inst)" -ge 1 ]'
ping -q -c 3 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "ping through the tunnel"
pass "systemctl start: the tunnel carries traffic"

spis() { multisactl --json status | jq -c '[.ike_sas[] | select(.conn=="site") | .spi_i, (.children[] | .spi_in)]'; }
before=$(spis)
{ echo 'global = { secrets_file = "secrets.conf"; };'
  echo 'connections = {'; conn site 10.1.0.0/16 10.2.0.0/16 start
  PEER=192.0.2.3 conn lab2 10.1.9.0/24 10.2.9.0/24 start; echo '};'; } >/etc/multisa/multisad.conf
ping -c 100 -i 0.02 -W 1 -I 10.1.0.1 10.2.0.1 >/tmp/ping.log 2>&1 & pp=$!
sleep 0.5
systemctl reload multisad || fail "systemctl reload"
wait "$pp" || true
grep -q " 0% packet loss" /tmp/ping.log || fail "loss during the reload: $(grep loss /tmp/ping.log)"
expect_eq "site's SPIs after the reload" "$(spis)" "$before"
wait_for "lab2 up" 30 '[ "$(inst)" -ge 2 ]'
pass "systemctl reload: lab2 added, site untouched, no packet lost"

journal() { journalctl -u multisad -o json --no-pager | jq -s -r "$1"; }
expect_eq "journal priority of the reload line (info)" \
	"$(journal 'map(select(.MESSAGE | test("\\[cfg\\] reloaded: 1 unchanged, 1 added"))) | .[0].PRIORITY')" 6
expect_eq "journal priorities of the ike info lines" \
	"$(journal '[.[] | select(.MESSAGE | test("^info: \\[ike\\] ")) | .PRIORITY] | unique | join(" ")')" 6
expect_eq "debug lines at log_level info" \
	"$(journal '[.[] | select(.MESSAGE | test("^debug: "))] | length')" 0
pass "journal: lines with priorities and subsystems"

expect_eq "NoNewPrivileges" "$(systemctl show -p NoNewPrivileges --value multisad)" yes
bound=$(systemctl show -p CapabilityBoundingSet --value multisad)
for c in cap_net_admin cap_net_bind_service cap_bpf cap_sys_admin cap_setpcap; do
	grep -qw "$c" <<<"$bound" || fail "$c not in the bounding set: $bound"
done
grep -qw cap_sys_module <<<"$bound" && fail "cap_sys_module in the bounding set"
pid=$(systemctl show -p MainPID --value multisad)
expect_eq "CapEff of the running daemon (CAP_NET_ADMIN)" "$(awk '/^CapEff/ {print $2}' /proc/"$pid"/status)" 0000000000001000
pass "the unit's rights as systemd applies them"

multisactl --json steer list | jq -e 'length > 0' >/dev/null || fail "no steering entries while up"
systemctl stop multisad
expect_eq "inactive" "$(systemctl is-active multisad || true)" inactive
expect_eq "SAs left" "$(ip xfrm state | grep -c '^src' || true)" 0
expect_eq "policies left" "$(ip xfrm policy | grep -c '^src' || true)" 0
expect_eq "steering entries left" "$(multisactl --json steer list | jq length)" 0
pass "systemctl stop: no SA, policy or steering entry left"
