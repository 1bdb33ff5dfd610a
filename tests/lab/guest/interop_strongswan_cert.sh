#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Interop with certificates: multisad (A) and strongSwan 6.x (B) authenticate
# each other with X.509 certificates (AUTH method 14, RFC 7427), one round
# per key type, A and B with keys of that type from one root CA:
#   RSA (both sign RSASSA-PSS), ECDSA P-384, Ed25519 (RFC 8420).
# Each round:
#   a. multisad initiates: tunnel up both ends, ping across, delete;
#   b. strongSwan initiates: multisad answers, ping, strongSwan deletes.
# Then strongSwan shows a certificate of a CA multisad does not trust:
# multisad answers AUTHENTICATION_FAILED and says why.
#
# The PKI is made here (tests/tools/mkca.sh with the openssl command line,
# else strongSwan's pki): the guest needs one of the two, else the test
# says SKIP and passes.
. /src/tests/lab/lib/ike.sh
dpkg-query -W strongswan-swanctl charon-systemd iproute2 || true
PKI=$WORK/pki

# issue NAME TYPE(rsa|ecdsa384|ed25519): $PKI/x509/NAME.pem with
# SAN DNS:NAME.example and $PKI/private/NAME.key, by the root CA.
issue_openssl() {
	local n=$1 k=$PKI/private/$1.key
	case $2 in
	rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$k" ;;
	ecdsa384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$k" ;;
	ed25519) openssl genpkey -algorithm ED25519 -out "$k" ;;
	esac
	openssl req -new -key "$k" -subj "/O=multisa lab/CN=$n.example" -out "$WORK/$n.csr"
	printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nsubjectAltName=DNS:%s.example\n' \
		"$n" >"$WORK/$n.ext"
	openssl x509 -req -in "$WORK/$n.csr" -CA "$PKI/x509ca/ca.pem" \
		-CAkey "$PKI/private/ca.key" -CAcreateserial -days 2 \
		-extfile "$WORK/$n.ext" -out "$PKI/x509/$n.pem" 2>/dev/null
}

issue_pki() {
	local n=$1 t=$2 k=$PKI/private/$1.key
	case $2 in
	rsa) pki --gen --type rsa --size 2048 --outform pem >"$k" ;;
	ecdsa384) pki --gen --type ecdsa --size 384 --outform pem >"$k" ;;
	ed25519) pki --gen --type ed25519 --outform pem >"$k" ;;
	esac
	pki --issue --cacert "$PKI/x509ca/ca.pem" --cakey "$PKI/private/ca.key" \
		--type priv --in "$k" --dn "O=multisa lab, CN=$n.example" \
		--san "$n.example" --lifetime 2 --outform pem >"$PKI/x509/$n.pem"
}

make_pki() {
	if command -v openssl >/dev/null; then
		bash /src/tests/tools/mkca.sh "$PKI" >/dev/null || fail "mkca.sh"
		ISSUE=issue_openssl
	elif command -v pki >/dev/null; then
		mkdir -p "$PKI"/{x509,x509ca,x509crl,private}
		pki --gen --type ecdsa --size 384 --outform pem >"$PKI/private/ca.key"
		pki --self --ca --lifetime 30 --in "$PKI/private/ca.key" \
			--dn "O=multisa lab, CN=lab root" --outform pem >"$PKI/x509ca/ca.pem"
		pki --gen --type ecdsa --size 256 --outform pem >"$PKI/private/other.key"
		pki --self --ca --lifetime 30 --in "$PKI/private/other.key" \
			--dn "O=elsewhere, CN=other root" --outform pem >"$WORK/other.pem"
		pki --gen --type ecdsa --size 256 --outform pem >"$PKI/private/stranger.key"
		pki --issue --cacert "$WORK/other.pem" --cakey "$PKI/private/other.key" \
			--type priv --in "$PKI/private/stranger.key" \
			--dn "O=elsewhere, CN=stranger.example" --san stranger.example \
			--outform pem >"$PKI/x509/stranger.pem"
		ISSUE=issue_pki
	else
		# not a failure of multisad: the image lacks the tools
		echo "SKIP: neither openssl nor strongSwan's pki in the guest" \
			"(add openssl to scripts/lab/build.sh's --include)"
		exit 0
	fi
	for t in rsa ecdsa384 ed25519; do
		$ISSUE "a-$t" "$t" >/dev/null 2>&1 || fail "issue a-$t"
		$ISSUE "b-$t" "$t" >/dev/null 2>&1 || fail "issue b-$t"
	done
	chmod 600 "$PKI"/private/*
}

# cert_conf START_ACTION TYPE: multisad's side A with a-TYPE, expecting b-TYPE.
cert_conf() {
	cat >"$WORK/a.conf" <<EOC
global = { ctl_socket = "$RUN/a.sock"; log_level = "debug";
           pin_root = "$MULTISA_PIN_ROOT-a"; x509_dir = "$PKI";
           retransmit_timeout = "2s"; retransmit_tries = 3; };
secrets = { private-a = { file = "a-$2.key"; }; };
connections = {
  site = {
    local_addrs = "192.0.2.1"; remote_addrs = "192.0.2.2";
    proposals = [ "aes256gcm16-prfsha384-ecp384" ];
    local = { auth = "pubkey"; certs = [ "a-$2.pem" ]; id = "a-$2.example"; };
    remote = { auth = "pubkey"; cacerts = [ "ca.pem" ]; classic_auth = false; };
    dpd_delay = "10s";
    children = {
      net = { local_ts = [ "10.1.0.0/16" ]; remote_ts = [ "10.2.0.0/16" ];
              esp_proposals = [ "aes128gcm16" ]; start_action = "$1"; };
    };
  };
};
EOC
}

# swan_conf START_ACTION CERTNAME AUTH: strongSwan's side B.
swan_conf() {
	mkdir -p "$WORK/swan-b"
	cat >"$WORK/swan-b/swanctl.conf" <<EOC
connections {
  site {
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    proposals = aes256gcm16-prfsha384-ecp384
    local { auth = $3
            certs = $PKI/x509/$2.pem
            id = $2.example }
    remote { auth = pubkey
             cacerts = $PKI/x509ca/ca.pem }
    children {
      net {
        local_ts = 10.2.0.0/16
        remote_ts = 10.1.0.0/16
        esp_proposals = aes128gcm16
        start_action = $1
      }
    }
  }
}
secrets {
  private-b { file = $PKI/private/$2.key }
}
EOC
}

stop_all() {
	for p in $D_PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 1
	D_PIDS=""
}

setup_nets
make_pki
pass "PKI made ($ISSUE)"

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
	grep -q "peer authenticated by $want, certificate CN=b-$t.example" "$WORK/a.log" ||
		{ show_logs; fail "$t a: multisad did not verify B with $want"; }
	pass "$t a: multisad verified strongSwan's $want signature"
	in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 || { show_logs; show_swan b; fail "$t a: ping"; }
	pass "$t a: ping across"
	ctl a down site >/dev/null
	wait_for "$t a: strongSwan's SAs gone" 10 eval '[ -z "$(ip -n $NSB xfrm state)" ]'
	stop_all

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
	stop_all
done

# a CA multisad does not trust: refused, with the reason in multisad's log
: >"$WORK/a.log"
cert_conf none ecdsa384
swan_conf none stranger pubkey
start_swan b
start_d a
wait_for "foreign: multisad up" 10 eval 'status a'
swan b --initiate --child net >/dev/null 2>&1 && fail "foreign: strongSwan got in"
grep -q "peer certificate CN=stranger.example.*unable to get local issuer certificate" "$WORK/a.log" ||
	{ show_logs; fail "foreign: no reason in multisad's log"; }
grep -q "AUTHENTICATION_FAILED" "$WORK/swan-b/charon.log" ||
	{ show_swan b; fail "foreign: strongSwan did not get AUTHENTICATION_FAILED"; }
children_are a 0 || fail "foreign: multisad installed a child"
pass "foreign: refused with AUTHENTICATION_FAILED and the reason logged"
