#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job, one command on a fresh Debian 12 machine (as root):
#   sudo ./scripts/demo.sh
# Installs what is missing, builds, makes two namespaces joined by veth,
# attaches the XDP + TC fast path, installs one inbound SA per CPU (steering
# entry SPI -> CPU) and one outbound SA per CPU, sends ESP from every CPU,
# and prints the per-SA per-CPU table: each SA's packets processed on its CPU.
#
# Until multisad negotiates the SAs (RFC 9611), the SAs are entered by hand
# with multisactl and the ESP is crafted (any SPI, no crypto): the host
# kernel here has no ESP. See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MSA_DEMO_BUILT:-}" ]; then
	bash scripts/deps.sh
	make -j"$(nproc)" all >/dev/null
fi
BUILD=$PWD/build
. tests/netns/lib.sh
PKTS=${PKTS:-2000}
NCPU=$(nproc)

setup_pair
in_b "$CTL" attach vb
in_a "$CTL" attach va xdp none
echo "== one per-CPU SA per CPU ($NCPU CPUs): outbound in A, inbound (steered) in B"
for cpu in $(seq 0 $((NCPU - 1))); do
	spi=$((0xc0de0000 + cpu))
	in_a "$CTL" txsa add spi $spi dst 192.0.2.2 cpu "$cpu" id $((100 + cpu))
	in_b "$CTL" steer add spi $spi dst 192.0.2.2 cpu "$cpu" id $((cpu + 1))
done
in_b "$CTL" steer list
echo "== 1. each CPU of A sends $PKTS packets on its own SA"
for cpu in $(seq 0 $((NCPU - 1))); do
	in_a taskset -c "$cpu" "$BUILD/tests/tools/esp_send" 192.0.2.2 \
		$((0xc0de0000 + cpu)) "$PKTS" raw 0 &
done
wait
echo "== 2. all SAs arrive on CPU 0 (a NIC whose RSS hashes ESP by address only)"
for cpu in $(seq 0 $((NCPU - 1))); do
	in_a taskset -c 0 "$BUILD/tests/tools/esp_send" 192.0.2.2 \
		$((0xc0de0000 + cpu)) "$PKTS" raw 0
done
sleep 0.5
echo "== per-SA per-CPU counters"
echo "   out SAs (A): tx_pkts = the CPU that sent; tx_off_cpu = sent by a CPU that does not own the SA"
echo "   in SAs (B):  xdp_pkts = the CPU the packet arrived on; rx_pkts = the CPU that processed it"
"$CTL" stats
