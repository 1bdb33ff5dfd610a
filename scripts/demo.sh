#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job, one command on a fresh Debian 12 machine (as root):
#   ./scripts/demo.sh        (as root; or: make demo)
# Installs what is missing, builds, and runs scripts/lab/demo_guest.sh:
# two namespaces, two multisad negotiating RFC 9611 per-CPU Child SAs,
# XDP steering on both ends, traffic from every CPU, per-CPU tables.
# That needs a kernel with ESP and per-CPU SAs (Linux 6.13+); when the
# host's lacks them, the demo runs in the QEMU lab guest (built once, see
# docs/lab.md) and prints its output here.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MSA_DEMO_BUILT:-}" ]; then
	bash scripts/deps.sh
	make -j"$(nproc)" all >/dev/null
fi

# Can this kernel hold an ESP state with a CPU? Try in a scratch namespace.
host_can() {
	local ns=msa-probe-$$ ok=1
	ip netns add "$ns" || return 1
	ip -n "$ns" xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp \
		spi 0x100 mode tunnel dir out pcpu-num 0 \
		aead 'rfc4106(gcm(aes))' 0x$(printf '%040x' 1) 128 2>/dev/null || ok=0
	ip netns del "$ns"
	[ $ok = 1 ]
}

if host_can; then
	echo "== this kernel has ESP and per-CPU SAs: running on the host"
	BUILD=$PWD/build bash scripts/lab/demo_guest.sh
	exit
fi
echo "== this kernel has no ESP or no per-CPU SAs ($(uname -r)): running in the lab guest"
LOG=build/lab-logs/demo_guest.log
if bash scripts/lab/run.sh scripts/lab/demo_guest.sh; then rc=0; else rc=1; fi
# the guest's console, from the demo's first line to its result
sed -n '/^== two multisad/,/LAB-RESULT/p' "$LOG" | grep -v '^LAB-RESULT' |
	sed 's/\r$//'
exit $rc
