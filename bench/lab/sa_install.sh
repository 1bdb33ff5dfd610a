#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# In the lab guest: N SAs + steering entries through our netlink code, next
# to the same N SAs through `ip -batch` (no steering) in the same boot.
# Run: bash scripts/lab/run.sh bench/lab/sa_install.sh; figures in the
# guest log (build/lab-logs/sa_install.log), lines "BENCH ...".
. /src/tests/netns/lib.sh
N=${N:-1000}
setup_pair
in_b "$CTL" attach vb >/dev/null
for round in 1 2 3; do
	in_b "$BUILD/bench/sa_install" "$N" "$MULTISA_PIN_ROOT" | sed "s/^/BENCH multisa round $round: /"
	KEY=0x$(printf '%040x' 0x5a5a)
	for i in $(seq 0 $((N - 1))); do
		printf 'xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi %d reqid 1 mode tunnel aead rfc4106(gcm(aes)) %s 128\n' $((0x10000 + i)) "$KEY"
	done >/tmp/batch
	t0=$(date +%s%N)
	ip -n "$NSB" -batch /tmp/batch
	t1=$(date +%s%N)
	echo "BENCH ip-batch round $round: install $N: $(( (t1 - t0) / 1000000 )) ms"
	ip -n "$NSB" xfrm state flush
done
