# SPDX-License-Identifier: GPL-2.0-or-later
# A test PKI for lab tests (after ike.sh), made with the guest's openssl:
# $PKI/x509ca/ca.pem (the lab root), $PKI/x509/NAME.pem with SAN
# DNS:NAME.example and $PKI/private/NAME.key, in the directories multisad's
# x509_dir expects.
PKI=$WORK/pki
# the guest's openssl, with the guest's libraries (not the ones our
# binaries brought, see scripts/lab/run.sh)
openssl() { env -u LD_LIBRARY_PATH openssl "$@"; }

# key FILE TYPE(rsa|ecdsa384|ecdsa256|ed25519)
key() {
	case $2 in
	rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" ;;
	ecdsa384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1" ;;
	ecdsa256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" ;;
	ed25519) openssl genpkey -algorithm ED25519 -out "$1" ;;
	esac
}

# ca_self NAME CN: a self-signed root, $WORK/NAME.pem and $WORK/NAME.key
ca_self() {
	key "$WORK/$1.key" ecdsa384
	openssl req -x509 -new -key "$WORK/$1.key" -subj "/O=multisa lab/CN=$2" \
		-days 30 -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign -out "$WORK/$1.pem"
}

# issue NAME TYPE [CA]: $PKI/x509/NAME.pem (SAN DNS:NAME.example) and
# $PKI/private/NAME.key, signed by CA (default: the lab root)
issue() {
	local n=$1 k=$PKI/private/$1.key ca=${3:-root}
	key "$k" "$2"
	openssl req -new -key "$k" -subj "/O=multisa lab/CN=$n.example" -out "$WORK/$n.csr"
	printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nsubjectAltName=DNS:%s.example\n' \
		"$n" >"$WORK/$n.ext"
	openssl x509 -req -in "$WORK/$n.csr" -CA "$WORK/$ca.pem" -CAkey "$WORK/$ca.key" \
		-CAserial "$WORK/$ca.srl" -CAcreateserial -days 2 \
		-extfile "$WORK/$n.ext" -out "$PKI/x509/$n.pem"
}

# make_pki [TYPE...]: the lab PKI: a root both peers trust, an end
# certificate a-TYPE and b-TYPE for each key type (default: rsa ecdsa384
# ed25519), and "stranger" from a root nobody trusts.
make_pki() {
	local types=("$@")
	[ $# -gt 0 ] || types=(rsa ecdsa384 ed25519)
	mkdir -p "$PKI"/{x509,x509ca,x509crl,private}
	ca_self root "lab root" >/dev/null 2>&1 || fail "root CA"
	cp "$WORK/root.pem" "$PKI/x509ca/ca.pem"
	ca_self other "other root" >/dev/null 2>&1 || fail "other CA"
	issue stranger ecdsa256 other >/dev/null 2>&1 || fail "issue stranger"
	for t in "${types[@]}"; do
		issue "a-$t" "$t" >/dev/null 2>&1 || fail "issue a-$t"
		issue "b-$t" "$t" >/dev/null 2>&1 || fail "issue b-$t"
	done
	chmod 600 "$PKI"/private/*
}


# cert_conf START_ACTION TYPE [child lines] [global lines]: multisad's
# side A with a-TYPE, expecting b-TYPE (PROPOSALS, ESP_PROPOSALS as for
# write_conf).
cert_conf() {
	local props=${PROPOSALS:-'proposals = [ "aes256gcm16-prfsha384-ecp384" ];'}
	local esp=${ESP_PROPOSALS:-'"aes128gcm16"'}
	cat >"$WORK/a.conf" <<EOC
global = { ctl_socket = "$RUN/a.sock"; log_level = "debug";
           pin_root = "$MULTISA_PIN_ROOT-a"; x509_dir = "$PKI";
           retransmit_timeout = "2s"; retransmit_tries = 3; ${4:-} };
secrets = { private-a = { file = "a-$2.key"; }; };
connections = {
  site = {
    local_addrs = "192.0.2.1"; remote_addrs = "192.0.2.2";
    $props
    local = { auth = "pubkey"; certs = [ "a-$2.pem" ]; id = "a-$2.example"; };
    remote = { auth = "pubkey"; cacerts = [ "ca.pem" ]; classic_auth = false; };
    dpd_delay = "10s";
    children = {
      net = { local_ts = [ "10.1.0.0/16" ]; remote_ts = [ "10.2.0.0/16" ];
              esp_proposals = [ $esp ]; start_action = "$1";
              ${3:-} };
    };
  };
};
EOC
}

