# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan (pluto) as the peer in lab tests, on top of ike.sh: one pluto
# per side, with its own ipsec.conf, secrets, NSS database, run directory
# and log under $WORK/lsw-SIDE.

# write_lsw SIDE AUTO [extra conn lines]: the tunnel of write_conf
# (IP_A/IP_B, NET_A/NET_B) with PSK, as an ipsec.conf conn "site"; with
# LSW_CERT=NAME (see lsw_import), certificate NAME and the peer's
# LSW_PEER_ID, ECDSA signatures.
write_lsw() {
	local s=$1 me=${IP_A:-192.0.2.1} peer=${IP_B:-192.0.2.2}
	local lnet=${NET_A:-10.1.0.0/16} rnet=${NET_B:-10.2.0.0/16}
	local dir=$WORK/lsw-$1 other=b
	[ "$s" = b ] && { peer=$me; me=${IP_B:-192.0.2.2}; lnet=$rnet; rnet=${NET_A:-10.1.0.0/16}; other=a; }
	mkdir -p "$dir"
	cat >"$dir/ipsec.conf" <<EOC
config setup
	logfile=$dir/pluto.log
	logappend=yes
	plutodebug=${LSW_DEBUG:-none}

conn site
	left=$me
	leftsubnet=$lnet
	right=$peer
	rightsubnet=$rnet
$(if [ -n "${LSW_CERT:-}" ]; then
	printf '\tleftid=@%s.example\n\tleftcert=%s\n\tleftsendcert=always\n' "$LSW_CERT" "$LSW_CERT"
	printf '\trightid=@%s\n\tauthby=ecdsa\n' "$LSW_PEER_ID"
else
	printf '\tleftid=@%s.example\n\trightid=@%s.example\n\tauthby=secret\n' "$s" "$other"
fi)
	keyexchange=ikev2
	auto=$2
	${3:-}
EOC
	printf '@a.example @b.example : PSK "lab-psk-0123456789"\n' >"$dir/ipsec.secrets"
	chmod 600 "$dir/ipsec.secrets"
}

# start_lsw SIDE: pluto in that namespace, the conn loaded (and started
# with auto=start)
start_lsw() {
	local s=$1 dir=$WORK/lsw-$1 ns
	[ "$s" = a ] && ns=$NSA || ns=$NSB
	mkdir -p "$dir/nss" "$RUN/lsw-$s"
	env -u LD_LIBRARY_PATH ipsec initnss --nssdir "$dir/nss" >"$dir/initnss.log" 2>&1 ||
		{ cat "$dir/initnss.log"; fail "ipsec initnss"; }
	[ -z "${LSW_CERT:-}" ] || lsw_import "$s" "$LSW_CERT"
	nsenter --net=/run/netns/"$ns" env -u LD_LIBRARY_PATH ipsec pluto \
		--config "$dir/ipsec.conf" --secretsfile "$dir/ipsec.secrets" \
		--nssdir "$dir/nss" --rundir "$RUN/lsw-$s" --nofork \
		--stderrlog >"$dir/stderr" 2>&1 &
	D_PIDS="$D_PIDS $!"
	for _ in $(seq 50); do [ -S "$RUN/lsw-$s/pluto.ctl" ] && break; sleep 0.2; done
	[ -S "$RUN/lsw-$s/pluto.ctl" ] || { cat "$dir/stderr"; fail "pluto did not start"; }
	lsw_addconn "$s"
}

# lsw_import SIDE NAME: the lab root (trusted for peers) and certificate
# NAME with its key (pki.sh) into that side's NSS database
lsw_import() {
	local dir=$WORK/lsw-$1
	openssl pkcs12 -export -in "$PKI/x509/$2.pem" -inkey "$PKI/private/$2.key" \
		-name "$2" -out "$dir/$2.p12" -passout pass: ||
		fail "pkcs12 of $2"
	env -u LD_LIBRARY_PATH pk12util -i "$dir/$2.p12" -d "sql:$dir/nss" -W "" >"$dir/import.log" 2>&1 ||
		{ cat "$dir/import.log"; fail "pk12util $2"; }
	env -u LD_LIBRARY_PATH certutil -A -d "sql:$dir/nss" -n "lab root" -t "CT,," \
		-a -i "$PKI/x509ca/ca.pem" >>"$dir/import.log" 2>&1 ||
		{ cat "$dir/import.log"; fail "certutil lab root"; }
}

lsw_addconn() {
	local dir=$WORK/lsw-$1
	nsenter --net=/run/netns/"$([ "$1" = a ] && echo "$NSA" || echo "$NSB")" \
		env -u LD_LIBRARY_PATH ipsec addconn --config "$dir/ipsec.conf" \
		--ctlsocket "$RUN/lsw-$1/pluto.ctl" --autoall >"$dir/addconn.log" 2>&1 ||
		{ cat "$dir/addconn.log"; show_lsw "$1"; fail "ipsec addconn"; }
}

# lsw SIDE WHACK-ARGS...: ipsec whack on that side's pluto
lsw() {
	local s=$1; shift
	env -u LD_LIBRARY_PATH ipsec whack --ctlsocket "$RUN/lsw-$s/pluto.ctl" "$@"
}

# Child SAs pluto reports established (its traffic status lines)
lsw_children() { lsw "$1" --trafficstatus 2>/dev/null | grep -c 'inBytes' || true; }

show_lsw() {
	echo "---- pluto $1 log (tail)"
	tail -40 "$WORK/lsw-$1/pluto.log" 2>/dev/null
	tail -10 "$WORK/lsw-$1/stderr" 2>/dev/null
}
