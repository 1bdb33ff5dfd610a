#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CREATE_CHILD_SA rate, multisad<->multisad next to strongSwan<->strongSwan
# in the same lab boot (4 vCPUs, TCG: compare the ratio, not the figures).
# One connection with N children (distinct /32 selector pairs), all with
# start_action = start on A: the first comes up in IKE_AUTH, the other N-1
# each in a CREATE_CHILD_SA exchange, one at a time (window 1 on both).
# Both kernels get 2 SAs and 3 policies per child. The clock runs from the
# first child's SAs in A's kernel to all 2N SAs in both kernels, polled with
# `ip xfrm state count`, the same way for both implementations. Logging at
# the implementations' info level. Rounds alternate; medians are printed.
# Run: bash scripts/lab/run.sh bench/lab/child_rate.sh
# Prints "BENCH <impl> round <r>: ..." and "BENCH <impl> median: ...".
. /src/tests/lab/lib/ike.sh
N=${N:-100}
ROUNDS=${ROUNDS:-3}
export SWAN_LOG=0 SWAN_LOG_DEFAULT=0
setup_nets

# children SIDE: N children, 10.1.1.i/32 <-> 10.2.1.i/32 (libconfig)
msa_children() {
	local l=1 r=2 i
	[ "$1" = b ] && l=2 r=1
	for i in $(seq 1 "$N"); do
		printf '      c%d = { local_ts = [ "10.%d.%d.%d/32" ]; remote_ts = [ "10.%d.%d.%d/32" ]; esp_proposals = [ "aes128gcm16" ]; start_action = "%s"; };\n' \
			"$i" $l $((i / 250 + 1)) $((i % 250 + 1)) $r $((i / 250 + 1)) $((i % 250 + 1)) "$2"
	done
}

msa_conf() {
	{ conf_head "$1" info; msa_children "$1" "$2"; conf_tail; } >"$WORK/$1.conf"
}

swan_conf() {
	local s=$1 me=192.0.2.1 peer=192.0.2.2 l=1 r=2 i
	[ "$s" = b ] && me=192.0.2.2 peer=192.0.2.1 l=2 r=1
	mkdir -p "$WORK/swan-$s"
	{
		echo "connections { site { version = 2
		local_addrs = $me
		remote_addrs = $peer
		proposals = aes256gcm16-prfsha256-x25519
		local { auth = psk
			id = $s.example }
		remote { auth = psk
			id = $([ "$s" = a ] && echo b || echo a).example }
		children {"
		for i in $(seq 1 "$N"); do
			echo "c$i { local_ts = 10.$l.$((i / 250 + 1)).$((i % 250 + 1))/32
				remote_ts = 10.$r.$((i / 250 + 1)).$((i % 250 + 1))/32
				esp_proposals = aes128gcm16
				start_action = $2 }"
		done
		echo "} } }
		secrets { ike-1 { id-1 = a.example
			id-2 = b.example
			secret = lab-psk-0123456789 } }"
	} >"$WORK/swan-$s/swanctl.conf"
}

n_states() { ip -n "$1" xfrm state count | awk '{print $NF}'; }

# measure IMPL ROUND: after the initiator was started in the background
measure() {
	local t_first="" t_all="" now a b
	for _ in $(seq 3000); do
		now=$(date +%s%N)
		a=$(n_states "$NSA"); b=$(n_states "$NSB")
		[ -z "$t_first" ] && [ "$a" -ge 2 ] && t_first=$now
		if [ "$a" -ge $((2 * N)) ] && [ "$b" -ge $((2 * N)) ]; then t_all=$now; break; fi
		sleep 0.02
	done
	[ -n "$t_all" ] || { show_logs; show_swan a; fail "$1: $a and $b of $((2 * N)) SAs"; }
	local ms=$(( (t_all - t_first) / 1000000 ))
	echo "BENCH $1 round $2: $((N - 1)) CREATE_CHILD_SA in $ms ms: $(( (N - 1) * 1000 / (ms ? ms : 1) )) /s"
	echo "$1 $ms" >>"$WORK/results"
}

: >"$WORK/results"
for r in $(seq "$ROUNDS"); do
	msa_conf b none; msa_conf a start
	start_d b
	wait_for "multisad b listening" 10 eval 'status b'
	start_d a
	measure multisad "$r"
	echo "multisad IKE SAs on A: $(status a | jq '.ike_sas | length')"
	daemons_reset
	swan_conf b none; swan_conf a start
	start_swan b
	start_swan a
	measure strongswan "$r"
	echo "strongSwan IKE SAs on A: $(swan a --list-sas --raw | grep -o 'list-sa event' | wc -l)"
	daemons_reset
done
for impl in multisad strongswan; do
	med=$(awk -v i="$impl" '$1 == i {print $2}' "$WORK/results" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
	echo "BENCH $impl median: $((N - 1)) CREATE_CHILD_SA in $med ms: $(( (N - 1) * 1000 / (med ? med : 1) )) /s"
done
m=$(awk '$1 == "multisad" {print $2}' "$WORK/results" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
s=$(awk '$1 == "strongswan" {print $2}' "$WORK/results" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
echo "BENCH ratio: multisad time / strongSwan time = $(awk -v m="$m" -v s="$s" 'BEGIN { printf "%.2f", m / s }')"
