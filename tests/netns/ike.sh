# SPDX-License-Identifier: GPL-2.0-or-later
# For netns tests with multisad on this host's kernel (IKE works here,
# Child SAs cannot be installed): on top of lib.sh, a work directory,
# daemons stopped on exit, a configuration writer, start and control.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORK=$(mktemp -d)
RUN=$WORK/run
mkdir -m 700 "$RUN"
D_PIDS=""
ike_cleanup() {
	set +e
	for p in $D_PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$WORK"
	cleanup
}
trap ike_cleanup EXIT INT TERM

# conf SIDE START_ACTION SOCKET [EXTRA-GLOBAL] [REMOTE]: one connection
# "site" between 192.0.2.1 (a) and 192.0.2.2 (b), PSK, one child
conf() {
	local me=192.0.2.1 peer=192.0.2.2 id=a rid=b
	[ "$1" = b ] && { me=192.0.2.2; peer=192.0.2.1; id=b; rid=a; }
	cat >"$WORK/$1.conf" <<EOC
global = { ctl_socket = "$3"; log_level = "${LOG_LEVEL:-debug}";
           pin_root = "$MULTISA_PIN_ROOT-$1"; retransmit_timeout = "500ms";
           ${4:-} };
connections = { site = {
    local_addrs = "$me"; remote_addrs = "${5:-$peer}";
    proposals = [ "aes256gcm16-prfsha256-x25519" ];
    local = { id = "$id.example"; }; remote = { id = "$rid.example"; };
    secret = "netns-test-psk-0123456789";
    children = { net = { local_ts = [ "10.9.0.1/32" ];
                         remote_ts = [ "10.9.0.2/32" ];
                         start_action = "$2"; }; };
}; };
EOC
}
# start SIDE NS: multisad with $WORK/SIDE.conf, log in $WORK/SIDE.log
start() {
	nsenter --net=/run/netns/"$2" "$BUILD/multisad" -c "$WORK/$1.conf" \
		>>"$WORK/$1.log" 2>&1 &
	D_PIDS="$D_PIDS $!"
}
ctl() { "$CTL" --socket "$RUN/$1.sock" "${@:2}"; }
wait_sock() { for _ in $(seq 50); do [ -S "$1" ] && return; sleep 0.1; done; fail "no socket $1"; }
established() { ctl "$1" --json status | jq '[.ike_sas[] | select(.state=="ESTABLISHED")] | length'; }
