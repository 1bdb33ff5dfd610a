# SPDX-License-Identifier: GPL-2.0-or-later
# Many peers on one link, for the lab's many-tunnel test and benchmark (on
# top of ike.sh): A holds P addresses 198.18.x.y (one connection "pI" each,
# identity pI.example, child selectors its own 10.128.x.y/32), B holds
# 198.19.0.1 and one connection for any of them.
#   many_setup P			addresses and routes; $WORK/addrs
#   many_conf_a LOG GLOBAL CONN CHILD	A's multisad config on stdout
#   many_conf_b LOG CHILD [GLOBAL]	B's, one connection "any"
# GLOBAL, CONN, CHILD: extra lines for A's global section, each connection
# and each child.

many_setup() {
	local i
	for i in $(seq 0 $(($1 - 1))); do
		printf '198.18.%d.%d\n' $((i / 250)) $((i % 250 + 1))
	done >"$WORK/addrs"
	in_a sh -c "while read -r a; do ip addr add \$a/15 dev va noprefixroute; done" <"$WORK/addrs"
	in_a ip route add 198.19.0.1/32 dev va
	in_b ip addr add 198.19.0.1/15 dev vb
}

many_conf_a() {
	local i=0 ad
	cat <<EOC
global = { ctl_socket = "$RUN/a.sock"; log_level = "$1";
           pin_root = "$MULTISA_PIN_ROOT-a"; $2 };
connections = {
EOC
	while read -r ad; do
		cat <<EOC
  p$i = { local_addrs = "$ad"; remote_addrs = "198.19.0.1";
    proposals = [ "aes256gcm16-prfsha256-x25519" ];
    local = { id = "p$i.example"; }; remote = { id = "b.example"; };
    secret = "lab-psk-0123456789"; $3
    children = { net = { local_ts = [ "10.128.$((i / 250)).$((i % 250 + 1))/32" ];
      remote_ts = [ "10.2.0.0/16" ]; esp_proposals = [ "aes128gcm16" ];
      start_action = "start"; $4 }; }; };
EOC
		i=$((i + 1))
	done <"$WORK/addrs"
	echo "};"
}

many_conf_b() {
	cat <<EOC
global = { ctl_socket = "$RUN/b.sock"; log_level = "$1";
           pin_root = "$MULTISA_PIN_ROOT-b"; ${3:-} };
connections = {
  any = { local_addrs = "198.19.0.1"; remote_addrs = "%any";
    proposals = [ "aes256gcm16-prfsha256-x25519" ];
    local = { id = "b.example"; }; remote = { id = "%any"; };
    secret = "lab-psk-0123456789";
    children = { net = { local_ts = [ "10.2.0.0/16" ];
      remote_ts = [ "10.128.0.0/9" ]; esp_proposals = [ "aes128gcm16" ];
      $2 }; }; };
};
EOC
}
