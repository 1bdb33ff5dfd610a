#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Interop with Libreswan (pluto, from the guest's Debian), PSK, real ESP:
#  1. multisad initiates, Libreswan answers: the child in both kernels,
#     ping across, a Child SA rekey, multisad deletes.
#  2. Libreswan initiates, multisad answers: ping across, Libreswan
#     deletes, multisad removes everything.
#  3. certificates (ECDSA P-384, a lab root in both, Libreswan's in its NSS
#     database): multisad initiates, each verifies the other's chain and
#     signature (RFC 7427); ping across.
#  4. the same with Libreswan initiating.
. /src/tests/lab/lib/ike.sh
. /src/tests/lab/lib/libreswan.sh
. /src/tests/lab/lib/pki.sh
echo "libreswan: $(env -u LD_LIBRARY_PATH ipsec --version 2>&1 | head -1)"
setup_nets
PROPOSALS='proposals = [ "aes256gcm16-prfsha256-x25519", "aes256gcm16-prfsha256-ecp256" ];'
# Libreswan's default pfs=yes wants a KE in every Child SA rekey
ESP_PROPOSALS='"aes128gcm16-x25519"'
write_conf a start 'rekey_time = "20s"; life_time = "40s";'
write_lsw b add
start_lsw b
start_d a
wait_for "1: child up (multisad)" 20 children_are a 1
wait_for "1: child up (Libreswan)" 10 eval '[ "$(lsw_children b)" -ge 1 ]'
read -r IN OUT <<<"$(spis a)"
xfrm_has_spi "$NSB" "$IN" && xfrm_has_spi "$NSB" "$OUT" || fail "1: SPIs not in Libreswan's kernel"
pass "1: Libreswan's kernel holds SPIs $IN and $OUT"
in_a ping -q -c 5 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || { show_logs; show_lsw b; fail "1: ping"; }
pass "1: ping across"
wait_for "1: child rekeyed (new SPIs)" 40 eval '[ "$(spis a | head -1 | cut -d" " -f1)" != "$IN" ] && children_are a 1'
wait_for "1: Libreswan has the new pair" 10 eval 'xfrm_has_spi $NSB $(spis a | cut -d" " -f1) && ! xfrm_has_spi $NSB $IN'
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || fail "1: ping after rekey"
pass "1: ping after rekey"
ctl a down site >/dev/null
wait_for "1: Libreswan's SAs gone after multisad's delete" 10 eval '[ -z "$(ip -n $NSB xfrm state)" ]'

# 2. Libreswan initiates, multisad answers
write_conf a none
kill "$PID_a"; sleep 1
start_d a
wait_for "2: multisad back" 10 eval 'status a'
lsw b --name site --initiate --asynchronous >/dev/null 2>&1 || true
wait_for "2: child up (multisad, responder)" 20 children_are a 1
wait_for "2: child up (Libreswan, initiator)" 10 eval '[ "$(lsw_children b)" -ge 1 ]'
in_b ping -q -c 5 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 >/dev/null || { show_lsw b; fail "2: ping"; }
pass "2: ping from Libreswan's side"
lsw b --name site --down >/dev/null 2>&1 || lsw b --deletestate site >/dev/null 2>&1 || true
wait_for "2: multisad removed everything on Libreswan's delete" 15 eval '[ -z "$(ip -n $NSA xfrm state)" ] && children_are a 0'

# 3. certificates both ways
make_pki ecdsa384
pass "3: PKI made"
daemons_reset
rm -rf "$WORK/lsw-b"
LSW_CERT=b-ecdsa384 LSW_PEER_ID=a-ecdsa384.example write_lsw b add
LSW_CERT=b-ecdsa384 start_lsw b
: >"$WORK/a.log"
cert_conf start ecdsa384
start_d a
wait_for "3: child up (multisad)" 20 children_are a 1
wait_for "3: child up (Libreswan)" 10 eval '[ "$(lsw_children b)" -ge 1 ]'
grep -q "peer authenticated by ECDSA SHA-384, certificate .*CN=b-ecdsa384.example" "$WORK/a.log" ||
	{ show_logs; fail "3: multisad did not verify Libreswan's certificate"; }
pass "3: multisad verified Libreswan's ECDSA P-384 certificate and signature"
grep -q "established IKE SA; authenticated peer certificate '@a-ecdsa384.example' and P-384 ECDSA with SHA2_384 digital signature" "$WORK/lsw-b/pluto.log" ||
	{ show_lsw b; fail "3: Libreswan did not authenticate multisad's certificate"; }
pass "3: Libreswan verified multisad's certificate and RFC 7427 signature"
in_a ping -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || { show_lsw b; fail "3: ping"; }
pass "3: ping across"

# 4. certificates, Libreswan initiating
ctl a down site >/dev/null
wait_for "4: Libreswan's SAs gone" 10 eval '[ -z "$(ip -n $NSB xfrm state)" ]'
: >"$WORK/a.log"
cert_conf none ecdsa384
kill "$PID_a"; sleep 1
start_d a
wait_for "4: multisad back" 10 eval 'status a'
lsw b --name site --initiate --asynchronous >/dev/null 2>&1 || true
wait_for "4: child up (multisad, responder)" 20 children_are a 1
# as initiator Libreswan picks SHA-512 of the hashes multisad listed
grep -qE "peer authenticated by ECDSA SHA-(384|512), certificate .*CN=b-ecdsa384.example" "$WORK/a.log" ||
	{ show_logs; fail "4: multisad did not verify Libreswan's certificate"; }
pass "4: multisad (responder) verified Libreswan's certificate and signature"
wait_for "4: Libreswan established with multisad's certificate" 10 \
	grep -q "initiator established IKE SA; authenticated peer certificate '@a-ecdsa384.example'" "$WORK/lsw-b/pluto.log"
in_b ping -q -c 3 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 >/dev/null || { show_lsw b; fail "4: ping"; }
pass "4: ping from Libreswan's side"
