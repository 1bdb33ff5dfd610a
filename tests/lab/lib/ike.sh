# SPDX-License-Identifier: GPL-2.0-or-later
# For lab tests with multisad: on top of tests/netns/lib.sh's two
# namespaces, inner networks behind each gateway, one multisad per
# namespace (own config, control socket, log), and status queries.
#
#   10.1.0.1 (lo) msa-a: va 192.0.2.1 <-- veth --> vb 192.0.2.2 :msa-b (lo) 10.2.0.1
#
. "$(dirname "${BASH_SOURCE[0]}")/../../netns/lib.sh"
# Kept after the run: the host reads it under $MSA_LAB_CACHE/root/src/build.
WORK=$BUILD/lab-work/$(basename "$0" .sh)
rm -rf "$WORK"
mkdir -p "$WORK"
RUN=/tmp/ike-$$		# sockets: not on virtiofs
mkdir -p "$RUN"
D_PIDS=""

ike_cleanup() {
	set +e
	for p in $D_PIDS; do kill "$p" 2>/dev/null; done
	sleep 1
	for p in $D_PIDS; do kill -9 "$p" 2>/dev/null; done
	for s in a b; do
		"$CTL" --pin-root "$MULTISA_PIN_ROOT-$s" purge 2>/dev/null
	done
	cleanup
}
trap ike_cleanup EXIT INT TERM

setup_nets() {
	setup_pair
	in_a ip addr add 10.1.0.1/32 dev lo
	in_b ip addr add 10.2.0.1/32 dev lo
	in_a ip route add 10.2.0.0/16 via 192.0.2.2 src 10.1.0.1
	in_b ip route add 10.1.0.0/16 via 192.0.2.1 src 10.2.0.1
}

# conf_head SIDE LOG_LEVEL [extra conn lines]: multisad's config up to and
# including "children = {" of connection "site"; the caller adds children
# and closes with conf_tail. IP_A/IP_B: the gateways' addresses.
conf_head() {
	local s=$1 me=${IP_A:-192.0.2.1} peer=${IP_B:-192.0.2.2}
	local props=${PROPOSALS:-'proposals = [ "aes256gcm16-prfsha256-x25519" ];'}
	[ "$s" = b ] && { peer=$me; me=${IP_B:-192.0.2.2}; }
	cat <<EOC
global = { ctl_socket = "$RUN/$s.sock"; log_level = "$2";
           pin_root = "$MULTISA_PIN_ROOT-$s";
           retransmit_timeout = "2s"; retransmit_tries = 3;
           ${GLOBAL_EXTRA:-} };
connections = {
  site = {
    local_addrs = "$me"; remote_addrs = "$peer";
    $props
    local = { id = "$s.example"; };
    remote = { id = "$([ "$s" = a ] && echo b || echo a).example"; };
    secret = "lab-psk-0123456789";
    dpd_delay = "10s";
    ${3:-}
    children = {
EOC
}
conf_tail() { printf '    };\n  };\n};\n'; }

# write_conf SIDE(a|b) START_ACTION [extra child lines] [extra conn lines]:
# one child "net" between the sides' inner networks (NET_A/NET_B);
# LOG_LEVEL (default debug) sets multisad's log level.
write_conf() {
	local s=$1 lnet=${NET_A:-10.1.0.0/16} rnet=${NET_B:-10.2.0.0/16}
	local esp=${ESP_PROPOSALS:-'"aes128gcm16"'}
	[ "$s" = b ] && { rnet=$lnet; lnet=${NET_B:-10.2.0.0/16}; }
	{
		conf_head "$s" "${LOG_LEVEL:-debug}" "${4:-}"
		cat <<EOC
      net = {
        local_ts = [ "$lnet" ]; remote_ts = [ "$rnet" ];
        esp_proposals = [ $esp ];
        start_action = "$2";
        ${3:-}
      };
EOC
		conf_tail
	} >"$WORK/$s.conf"
}

# start_d SIDE: multisad in that namespace, log in $WORK/SIDE.log
start_d() {
	local ns; [ "$1" = a ] && ns=$NSA || ns=$NSB
	nsenter --net=/run/netns/"$ns" "$BUILD/multisad" -c "$WORK/$1.conf" \
		>>"$WORK/$1.log" 2>&1 &
	D_PIDS="$D_PIDS $!"
	eval "PID_$1=$!"
}

ctl() {
	local s=$1; shift
	"$CTL" --socket "$RUN/$s.sock" --pin-root "$MULTISA_PIN_ROOT-$s" "$@"
}

# attach_dp SIDE: our XDP + TC on that side's veth, maps in its pin root
attach_dp() {
	local ns dev; [ "$1" = a ] && ns=$NSA dev=va || ns=$NSB dev=vb
	nsenter --net=/run/netns/"$ns" "$CTL" --pin-root "$MULTISA_PIN_ROOT-$1" \
		attach "$dev" >/dev/null || fail "attach XDP on $dev"
}
status() { ctl "$1" --json status; }

# installed children count on side SIDE
n_children() {
	status "$1" 2>/dev/null | jq '[.ike_sas[] | select(.state=="ESTABLISHED") |
		.children[] | select(.state=="INSTALLED")] | length' 2>/dev/null || echo 0
}

# wait_for WHAT SECONDS COMMAND...: until the command succeeds
wait_for() {
	local what=$1 t=$2; shift 2
	for _ in $(seq $((t * 5))); do
		"$@" >/dev/null 2>&1 && { pass "$what"; return 0; }
		sleep 0.2
	done
	show_logs
	fail "$what: not within ${t}s"
}

children_are() { [ "$(n_children "$1")" = "$2" ]; }

# daemons_reset: stop every daemon started so far (multisad, charon) and
# empty both kernels' SAD and SPD, for the next round of a benchmark.
daemons_reset() {
	local p
	for p in $D_PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 2
	for p in $D_PIDS; do kill -9 "$p" 2>/dev/null || true; done
	D_PIDS=""
	for p in "$NSA" "$NSB"; do
		ip -n "$p" xfrm state flush; ip -n "$p" xfrm policy flush
	done
	rm -f "$RUN"/*.vici "$RUN"/*.sock
}

# steered_ok SIDE MIN WHAT: SIDE's XDP steered every inbound per-CPU SA's
# packets to that SA's CPU (none processed elsewhere), at least MIN of them
steered_ok() {
	local j off on
	j=$(status "$1")
	off=$(jq '[.ike_sas[].children[] | select(.cpu != null) | .steering_in[]?.rx_off_cpu] | add // 0' <<<"$j")
	on=$(jq '[.ike_sas[].children[] | select(.cpu != null) as $c | $c.steering_in[]? | select(.cpu == $c.cpu) | .rx_processed] | add // 0' <<<"$j")
	expect_eq "$3: per-CPU packets processed off their CPU" "$off" 0
	[ "$on" -ge "$2" ] || fail "$3: per-CPU packets processed on their CPU: $on, want >= $2"
	pass "$3: $on per-CPU packets processed on their own CPU"
}

show_logs() {
	for s in a b; do
		echo "---- multisad $s log (tail)"; tail -40 "$WORK/$s.log" 2>/dev/null
	done
}

# spis SIDE: "in out" of the installed children, sorted
spis() {
	status "$1" | jq -r '.ike_sas[].children[] | select(.state=="INSTALLED") |
		"\(.spi_in) \(.spi_out)"' | sort
}

# the same SA pair seen from both ends: a's in = b's out and back
pairs_match() {
	local a b
	a=$(spis a | awk '{print $1" "$2}' | sort)
	b=$(spis b | awk '{print $2" "$1}' | sort)
	[ -n "$a" ] && [ "$a" = "$b" ]
}

xfrm_has_spi() { nsenter --net=/run/netns/"$1" ip xfrm state | grep -q "spi 0x${2#0x}"; }

# ---- strongSwan as the peer (charon-systemd + swanctl, one instance) ----
# start_swan SIDE: charon in that namespace with its own strongswan.conf,
# vici socket and file log under $WORK/swan-SIDE; swanctl.conf written by
# the test to $WORK/swan-SIDE/swanctl.conf before.
start_swan() {
	local s=$1 dir=$WORK/swan-$1 ns
	[ "$s" = a ] && ns=$NSA || ns=$NSB
	mkdir -p "$dir"
	cat >"$dir/strongswan.conf" <<EOC
charon-systemd {
	load_modular = yes
	install_routes = no
	retransmit_timeout = 2
	retransmit_tries = 3
	${SWAN_EXTRA:-}
	filelog { swan { path = $dir/charon.log
		flush_line = yes
		default = ${SWAN_LOG_DEFAULT:-1}
		ike = ${SWAN_LOG:-2}
		cfg = ${SWAN_LOG:-2}
		time_format = %T } }
	plugins {
		include /etc/strongswan.d/charon/*.conf
		vici { socket = unix://$RUN/$s.vici }
	}
}
EOC
	nsenter --net=/run/netns/"$ns" env -u LD_LIBRARY_PATH \
		STRONGSWAN_CONF="$dir/strongswan.conf" /usr/sbin/charon-systemd >"$dir/stdout" 2>&1 &
	D_PIDS="$D_PIDS $!"
	for _ in $(seq 50); do [ -S "$RUN/$s.vici" ] && break; sleep 0.2; done
	swan "$s" --load-all --file "$dir/swanctl.conf" >/dev/null ||
		{ cat "$dir/stdout"; fail "swanctl --load-all"; }
}

# strongSwan wants the guest's own libraries, not the ones our binaries
# brought along (LD_LIBRARY_PATH, see scripts/lab/run.sh).
swan() {
	local s=$1; shift
	env -u LD_LIBRARY_PATH swanctl "$@" --uri "unix://$RUN/$s.vici"
}

# write_swan SIDE START_ACTION [extra child lines]: the same tunnel as
# write_conf's (IP_A/IP_B, NET_A/NET_B), for strongSwan.
write_swan() {
	local s=$1 me=${IP_A:-192.0.2.1} peer=${IP_B:-192.0.2.2}
	local lnet=${NET_A:-10.1.0.0/16} rnet=${NET_B:-10.2.0.0/16}
	[ "$s" = b ] && { peer=$me; me=${IP_B:-192.0.2.2}; lnet=$rnet; rnet=${NET_A:-10.1.0.0/16}; }
	mkdir -p "$WORK/swan-$s"
	cat >"$WORK/swan-$s/swanctl.conf" <<EOC
connections {
  site {
    version = 2
    local_addrs = $me
    remote_addrs = $peer
    proposals = aes256gcm16-prfsha256-x25519
    dpd_delay = 10s
    local { auth = psk
            id = $s.example }
    remote { auth = psk
             id = $([ "$s" = a ] && echo b || echo a).example }
    children {
      net {
        local_ts = $lnet
        remote_ts = $rnet
        esp_proposals = ${SWAN_ESP:-aes128gcm16}
        start_action = $2
        ${3:-}
      }
    }
  }
}
secrets {
  ike-1 { id-1 = a.example
          id-2 = b.example
          secret = lab-psk-0123456789 }
}
EOC
}

swan_children() {
	swan "$1" --list-sas --raw 2>/dev/null | grep -o 'state=INSTALLED' | wc -l
}

# ike_datagrams PCAP: one line per IKE datagram in the capture, "IP-length
# first-payload-type" (53 is SKF, RFC 7383), NAT-T marker skipped.
ike_datagrams() {
	tcpdump -r "$1" -n -x 2>/dev/null | awk '
	function hex(s,  i, v) {
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function out() {
		if (n < 28) return
		ihl = (hex(b[0]) % 16) * 4
		sp = hex(b[ihl] b[ihl + 1]); dp = hex(b[ihl + 2] b[ihl + 3])
		off = ihl + 8 + ((sp == 4500 || dp == 4500) ? 4 : 0)
		print hex(b[2] b[3]), hex(b[off + 16])
	}
	/^[0-9]/ { out(); n = 0; next }
	/0x[0-9a-f]+:/ { for (i = 2; i <= NF; i++) { b[n++] = substr($i, 1, 2); if (length($i) > 2) b[n++] = substr($i, 3, 2) } }
	END { out() }'
}

# capture_start: IKE datagrams on A's link into $WORK/ike.pcap
capture_start() {
	in_a tcpdump -i va -n -U -w "$WORK/ike.pcap" 'udp port 500 or udp port 4500' 2>/dev/null &
	CAPTURE=$!
	D_PIDS="$D_PIDS $CAPTURE"
	sleep 1
}

# capture_check WHAT MIN_SKF MAX_SIZE: stop the capture; at least MIN_SKF
# SKF fragments were on the wire and no protected IKE datagram (IKE_SA_INIT,
# first payload SA, is never cut) was over MAX_SIZE octets
capture_check() {
	local skf max
	sleep 1; kill "$CAPTURE"; sleep 0.5
	ike_datagrams "$WORK/ike.pcap" >"$WORK/datagrams"
	skf=$(awk '$2 == 53' "$WORK/datagrams" | wc -l)
	max=$(awk '$2 != 33 && m < $1 {m = $1} END {print m + 0}' "$WORK/datagrams")
	echo "on the wire: $(wc -l <"$WORK/datagrams") IKE datagrams, $skf SKF, largest protected one $max octets"
	[ "$skf" -ge "$2" ] || fail "$1: $skf SKF datagrams on the wire"
	[ "$max" -le "$3" ] || fail "$1: an IKE datagram of $max octets (fragment_size $3)"
	pass "$1: $skf SKF fragments on the wire, none over $3 octets"
}

show_swan() { echo "---- charon $1 log (tail)"; tail -40 "$WORK/swan-$1/charon.log" 2>/dev/null; }
