#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A test PKI in DIR (made fresh), with the openssl CLI (docs/pki.md):
#
#   root CA (P-384) ─┬─ rsa, p256, p384, p521, ed25519   CN=<name>.example,
#                    │                                   SAN DNS:<name>.example
#                    ├─ expired (2020-2021), revoked (in crl.pem),
#                    │  badsan (SAN DNS:other.example), kenc (keyUsage
#                    │  keyEncipherment only)
#                    └─ intermediate CA (P-256) ── inter
#   other CA (P-256) ── stranger                 (not trusted by the tests)
#   a (P-384, under the intermediate, key encrypted with "passphrase of
#   a.key"): the files of the certificate example in docs/config.md
#
# Keys: NAME.key (PEM, PKCS#8, clear); p256enc.key: p256's key encrypted
# with passphrase "s3cret"; ed448.key: a key type multisad refuses.
# Layout for x509_dir: DIR/x509/*.pem, DIR/x509ca/{ca,int}.pem,
# DIR/x509crl/crl.pem, DIR/private/*.key.
#
# Usage: mkca.sh DIR
set -euo pipefail
D=${1:?usage: mkca.sh DIR}
rm -rf "$D"
mkdir -p "$D"/{x509,x509ca,x509crl,private,work}
W=$D/work
cd "$W"
export CADIR=$W/ca.db SAN=none

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${ENV::CADIR}
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
policy = pol
unique_subject = no
copy_extensions = none
default_days = 365
default_crl_days = 30
[ pol ]
commonName = supplied
organizationName = optional
[ end_ext ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature
subjectAltName = ${ENV::SAN}
[ kenc_ext ]
basicConstraints = CA:FALSE
keyUsage = keyEncipherment
subjectAltName = ${ENV::SAN}
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ req ]
distinguished_name = dn
[ dn ]
CNF

ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$2" -out "$1"; }

# newca NAME KEYCURVE: a CA database in $W/NAME.db
newca() {
	mkdir -p "$1.db"
	: > "$1.db/index.txt"
	echo 01 > "$1.db/serial"
	echo 01 > "$1.db/crlnumber"
}

# sign CA END CN SAN [ca args...]: END.pem from END.key, by CA
sign() {
	local ca=$1 name=$2 cn=$3 san=$4
	shift 4
	openssl req -new -key "$name.key" -subj "/O=multisa test/CN=$cn" \
		-config ca.cnf -out "$name.csr"
	CADIR=$W/$ca.db SAN=$san openssl ca -batch -notext -config ca.cnf \
		-cert "$ca.pem" -keyfile "$ca.key" -in "$name.csr" \
		-out "$name.pem" "$@" 2>/dev/null
}

mkroot() {
	newca "$1"
	ec "$1.key" "$2"
	SAN=none CADIR=$W/$1.db openssl req -new -x509 -config ca.cnf \
		-key "$1.key" -subj "/O=multisa test/CN=$3" -days 3650 \
		-extensions ca_ext -out "$1.pem"
}

mkroot ca P-384 "multisa test root"
mkroot other P-256 "some other CA"

# intermediate CA under the root
newca int
ec int.key P-256
SAN=DNS:int openssl req -new -key int.key -subj "/O=multisa test/CN=multisa test intermediate" \
	-config ca.cnf -out int.csr
CADIR=$W/ca.db SAN=DNS:int openssl ca -batch -notext -config ca.cnf -cert ca.pem \
	-keyfile ca.key -in int.csr -out int.pem -extensions ca_ext 2>/dev/null

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key 2>/dev/null
ec p256.key P-256
ec p384.key P-384
ec p521.key P-521
openssl genpkey -algorithm ED25519 -out ed25519.key
for n in expired revoked badsan kenc; do ec "$n.key" P-256; done
ec inter.key P-256
ec a-clear.key P-384
ec stranger.key P-256
openssl genpkey -algorithm ED448 -out ed448.key

for n in rsa p256 p384 p521 ed25519 revoked; do
	sign ca "$n" "$n.example" "DNS:$n.example" -extensions end_ext
done
sign ca expired expired.example DNS:expired.example -extensions end_ext \
	-startdate 20200101000000Z -enddate 20210101000000Z
sign ca badsan badsan.example DNS:other.example -extensions end_ext
sign ca kenc kenc.example DNS:kenc.example -extensions kenc_ext
sign int inter inter.example DNS:inter.example -extensions end_ext
cp a-clear.key a.key
sign int a a.example DNS:a.example -extensions end_ext
openssl pkey -in a-clear.key -aes256 -passout "pass:passphrase of a.key" -out a.key
rm a-clear.key
sign other stranger stranger.example DNS:stranger.example -extensions end_ext

CADIR=$W/ca.db SAN=none openssl ca -batch -config ca.cnf -cert ca.pem \
	-keyfile ca.key -revoke revoked.pem 2>/dev/null
CADIR=$W/ca.db SAN=none openssl ca -batch -config ca.cnf -cert ca.pem \
	-keyfile ca.key -gencrl -out crl.pem 2>/dev/null

openssl pkey -in p256.key -aes256 -passout pass:s3cret -out p256enc.key

cp ca.pem int.pem "$D/x509ca/"
cp other.pem "$D/x509/other-ca.pem"
cp crl.pem "$D/x509crl/"
for n in rsa p256 p384 p521 ed25519 expired revoked badsan kenc inter stranger int a; do
	cp "$n.pem" "$D/x509/"
done
cp ./*.key "$D/private/"
chmod 600 "$D"/private/*.key
