#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lab-timeout: 360
# Interop with certificates: multisad (A) and strongSwan 6.x (B) authenticate
# each other with X.509 certificates (AUTH method 14, RFC 7427), one round
# per key type, A and B with keys of that type from one root CA:
#   RSA (both sign RSASSA-PSS), ECDSA P-384, Ed25519 (RFC 8420).
# Each round:
#   a. multisad initiates: tunnel up both ends, ping across, delete;
#   b. strongSwan initiates: multisad answers, ping, strongSwan deletes.
# Then strongSwan shows a certificate of a CA multisad does not trust:
# multisad answers AUTHENTICATION_FAILED and says why. Last, RSA
# certificates with fragments of at most 576 octets (tcpdump) and per-CPU
# SAs on top.
#
# The PKI is made here with the openssl command line.
. /src/tests/lab/lib/ike.sh
dpkg-query -W strongswan-swanctl charon-systemd iproute2 || true
. /src/tests/lab/lib/pki.sh

# swan_conf START_ACTION CERTNAME AUTH [child lines]: strongSwan's side B; swanctl
# loads the key, certificate and CA from the directories beside its file.
swan_conf() {
	rm -rf "$WORK/swan-b"
	mkdir -p "$WORK/swan-b"/{x509,x509ca,private}
	cp "$PKI/x509/$2.pem" "$WORK/swan-b/x509/"
	cp "$PKI/x509ca/ca.pem" "$WORK/swan-b/x509ca/"
	cp "$PKI/private/$2.key" "$WORK/swan-b/private/"
	cat >"$WORK/swan-b/swanctl.conf" <<EOC
connections {
  site {
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    proposals = aes256gcm16-prfsha384-ecp384
    local { auth = $3
            certs = $2.pem
            id = $2.example }
    remote { auth = pubkey
             cacerts = ca.pem }
    children {
      net {
        local_ts = 10.2.0.0/16
        remote_ts = 10.1.0.0/16
        esp_proposals = aes128gcm16
        start_action = $1
        ${4:-}
      }
    }
  }
}
EOC
}


setup_nets
make_pki
pass "PKI made"

# scheme B signs with, and what multisad logs when it checked it
for t in rsa ecdsa384 ed25519; do
	case $t in
	rsa) sauth=rsa/pss-sha256 want="RSASSA-PSS SHA-256" ;;
	ecdsa384) sauth=pubkey want="ECDSA SHA-384" ;;
	ed25519) sauth=pubkey want="Ed25519" ;;
	esac
	# a. multisad initiates
	: >"$WORK/a.log"
	cert_conf start "$t"
	swan_conf none "b-$t" "$sauth"
	start_swan b
	start_d a
	wait_for "$t a: child up (multisad, initiator)" 20 children_are a 1
	wait_for "$t a: child up (strongSwan)" 10 eval '[ "$(swan_children b)" = 1 ]'
	grep -q "peer authenticated by $want, certificate .*CN=b-$t.example" "$WORK/a.log" ||
		{ show_logs; fail "$t a: multisad did not verify B with $want"; }
	pass "$t a: multisad verified strongSwan's $want signature"
	in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || { show_logs; show_swan b; fail "$t a: ping"; }
	pass "$t a: ping across"
	ctl a down site >/dev/null
	wait_for "$t a: strongSwan's SAs gone" 10 eval '[ -z "$(ip -n $NSB xfrm state)" ]'
	daemons_reset

	# b. strongSwan initiates, multisad responds
	: >"$WORK/a.log"
	cert_conf none "$t"
	start_swan b
	start_d a
	wait_for "$t b: multisad up" 10 eval 'status a'
	swan b --initiate --child net >/dev/null || { show_swan b; show_logs; fail "$t b: swanctl --initiate"; }
	wait_for "$t b: child up (multisad, responder)" 20 children_are a 1
	in_b ping -q -c 3 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 || fail "$t b: ping"
	pass "$t b: ping across"
	swan b --list-sas | grep -q "a-$t.example" || { show_swan b; fail "$t b: strongSwan does not show a-$t.example"; }
	swan b --terminate --ike site >/dev/null
	wait_for "$t b: multisad removed everything" 10 eval '[ -z "$(ip -n $NSA xfrm state)" ] && children_are a 0'
	daemons_reset
done

# a CA multisad does not trust: refused, with the reason in multisad's log
: >"$WORK/a.log"
cert_conf none ecdsa384
swan_conf none stranger pubkey
start_swan b
start_d a
wait_for "foreign: multisad up" 10 eval 'status a'
swan b --initiate --child net >/dev/null 2>&1 && fail "foreign: strongSwan got in"
wait_for "foreign: multisad logged why" 10 \
	grep -q "peer certificate .*CN=stranger.example: unable to get local issuer certificate" "$WORK/a.log"
wait_for "foreign: strongSwan got AUTHENTICATION_FAILED" 10 \
	grep -q "received AUTHENTICATION_FAILED" "$WORK/swan-b/charon.log"
children_are a 0 || fail "foreign: multisad installed a child"
pass "foreign: refused with AUTHENTICATION_FAILED and the reason logged"

daemons_reset

# RSA certificates in fragments of at most 576 octets both ways (RFC 7383),
# per-CPU SAs on top: multisad initiates, strongSwan traps per CPU
: >"$WORK/a.log"
cert_conf start rsa 'per_cpu_sas = "yes";' 'fragment_size = 576;'
swan_conf trap b-rsa rsa/pss-sha256 'per_cpu_sas = yes'
SWAN_EXTRA='fragment_size = 576' start_swan b
capture_start
start_d a
wait_for "frag: fallback up" 20 children_are a 1
pcpu_cpus() { status a | jq '[.ike_sas[].children[] | select(.state=="INSTALLED" and .cpu != null) | .cpu] | unique | length'; }
for cpu in 0 1 2 3; do in_a taskset -c $cpu ping -q -c 3 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 || true; done
wait_for "frag: a per-CPU child for every CPU" 30 eval '[ "$(pcpu_cpus)" = 4 ]'
for cpu in 0 1 2 3; do
	in_a taskset -c $cpu ping -q -c 3 -i 0.1 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "frag: ping from CPU $cpu"
done
pass "frag: ping from every CPU"
echo "multisad's fragment counters: $(status a | jq -c .stats.fragments)"
[ "$(status a | jq .stats.fragments.reassembled)" -ge 1 ] || fail "frag: multisad reassembled nothing"
grep -q "reassembled fragmented IKE message" "$WORK/swan-b/charon.log" ||
	{ show_swan b; fail "frag: strongSwan did not reassemble our fragments"; }
pass "frag: each end reassembled the other's certificate exchange"
capture_check frag 6 576
