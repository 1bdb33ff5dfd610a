#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot the lab guest (TCG, 4 vCPUs) with the built tree copied in, run one
# guest test script, print its PASS/FAIL; the guest log is kept on failure.
#   run.sh tests/lab/guest/NAME.sh
# LAB_SMP=N boots N vCPUs; LAB_ENV="P=200 ROUNDS=2" sets variables for the
# guest script (benchmarks' knobs).
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${MSA_LAB_CACHE:-/var/cache/multisa-lab}
ROOT=$CACHE/root
TEST=$1
NAME=$(basename "$TEST" .sh)
LOGDIR=${LAB_LOGS:-$TOP/build/lab-logs}
LOG=$LOGDIR/$NAME.log
SMP=${LAB_SMP:-4}
# a test may ask for more with a "# lab-timeout: SECONDS" line
TIMEOUT=${LAB_TIMEOUT:-$(sed -n 's/^# lab-timeout: \([0-9]*\)$/\1/p' "$TEST" | head -1)}
TIMEOUT=${TIMEOUT:-240}
# "# lab-guest: systemd": the second kind of guest (build_systemd.sh),
# booted with systemd as PID 1; the test runs as a unit
GUEST=$(sed -n 's/^# lab-guest: \([a-z]*\)$/\1/p' "$TEST" | head -1)
bash "$TOP/scripts/lab/build.sh" >/dev/null	# builds only what changed
if [ "$GUEST" = systemd ]; then
	bash "$TOP/scripts/lab/build_systemd.sh"
	ROOT=$CACHE/root-systemd
fi
mkdir -p "$LOGDIR"

# the tree, and the host-built binaries' libraries (glibc aside: the guest's
# newer glibc runs them) under /opt/msa-lib
stage() {
	rm -rf "$ROOT/src" "$ROOT/opt/msa-lib"
	mkdir -p "$ROOT/src" "$ROOT/opt/msa-lib"
	cp -a "$TOP/build" "$TOP/tests" "$TOP/scripts" "$TOP/bench" "$ROOT/src/"
	local bins
	bins=$(ls "$TOP"/build/multisactl "$TOP"/build/multisad 2>/dev/null || true)
	# shellcheck disable=SC2086
	{ ldd $bins || true; } |
		awk '/=> \// {print $3}' | sort -u |
		grep -vE '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*)\.so' |
		xargs -r cp -L -t "$ROOT/opt/msa-lib/"
	# libxdp loads its dispatcher from here
	cp -r /usr/lib/x86_64-linux-gnu/bpf "$ROOT/opt/msa-lib/bpf"
	cat >"$ROOT/lab/init" <<EOT
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sys /sys
mount -t bpf bpf /sys/fs/bpf; mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /tmp; mkdir -p /run/netns
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LD_LIBRARY_PATH=/opt/msa-lib BUILD=/src/build
export LIBXDP_OBJECT_PATH=/opt/msa-lib/bpf
${LAB_ENV:+export $LAB_ENV}
modprobe -a xfrm_user esp4 esp6 veth gcm aesni_intel seqiv echainiv 2>/dev/null
cd /src
echo "LAB-START $NAME"
if bash /src/$TEST; then r=PASS; else r=FAIL; fi
echo "LAB-RESULT $NAME \$r"
sleep 1		# let the serial console drain before the kernel talks
echo o >/proc/sysrq-trigger
sleep 30
EOT
	chmod +x "$ROOT/lab/init"
	[ "$GUEST" != systemd ] || stage_systemd
}

# systemd as PID 1 runs the test as lab-test.service, reporting on the
# serial console; no staged libraries (the test installs the .deb)
stage_systemd() {
	rm -rf "$ROOT/opt/msa-lib"
	cat >"$ROOT/lab/run-test" <<EOT
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin BUILD=/src/build
modprobe -a xfrm_user esp4 esp6 veth gcm aesni_intel seqiv echainiv 2>/dev/null
mkdir -p /run/netns
cd /src
echo "LAB-START $NAME"
if bash /src/$TEST; then r=PASS; else r=FAIL; fi
echo "LAB-RESULT $NAME \$r"
sleep 1
echo o >/proc/sysrq-trigger
EOT
	chmod +x "$ROOT/lab/run-test"
	cat >"$ROOT/etc/systemd/system/lab-test.service" <<EOT
[Unit]
Description=multisa lab test $NAME
After=basic.target systemd-journald.service
[Service]
Type=oneshot
ExecStart=/lab/run-test
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
EOT
}

INIT=/lab/init
[ "$GUEST" != systemd ] || INIT="/lib/systemd/systemd systemd.unit=lab-test.service systemd.show_status=0"
boot() {
	local sock=$CACHE/vfs-$$.sock
	/usr/lib/qemu/virtiofsd --socket-path="$sock" -o source="$ROOT" \
		-o cache=always -o sandbox=chroot -f >"$LOG.virtiofsd" 2>&1 &
	local vfs=$!
	trap 'kill $vfs 2>/dev/null || true; rm -f "$sock"' RETURN
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg,thread=multi -machine q35 \
		-cpu max -smp "$SMP" -m 2G -nographic -no-reboot \
		-object memory-backend-memfd,id=mem,size=2G,share=on -numa node,memdev=mem \
		-chardev socket,id=c0,path="$sock" \
		-device vhost-user-fs-pci,chardev=c0,tag=rootfs \
		-kernel "$CACHE/vmlinuz" \
		-append "console=ttyS0 root=rootfs rootfstype=virtiofs rw init=$INIT quiet panic=-1" \
		</dev/null >"$LOG" 2>&1 &
	local qemu=$!
	boot_watchdog "$qemu"
	wait "$qemu" || true
}

# A boot that has not started the test within BOOT_WAIT seconds hung (seen:
# "Booting from ROM" and nothing more): stop it now, not at the timeout.
BOOT_WAIT=${LAB_BOOT_WAIT:-90}
boot_watchdog() {
	local t
	for t in $(seq "$BOOT_WAIT"); do
		kill -0 "$1" 2>/dev/null || return 0
		grep -aq "LAB-START" "$LOG" 2>/dev/null && return 0
		sleep 1
	done
	echo "lab: $NAME: no test started after ${BOOT_WAIT}s: the boot hung" >&2
	kill "$1" 2>/dev/null || true
}

# One boot at a time: the guest root (and its /src) is shared.
# Does the guest log say TEXT? Kernel console lines ("[ 36.45] sysrq:
# Power Off") may land in the middle of ours: read it without them.
# (grep reads it all: with pipefail, grep -q's early exit would fail the
# pipeline by SIGPIPE on a long log, and a passed run looked like a dead one)
in_log() {
	tr -d '\r' <"$LOG" | sed -z -E 's/\[ *[0-9]+\.[0-9]+\] [^\n]*\n?//g' |
		grep -a -- "$1" >/dev/null
}
passed() { in_log "LAB-RESULT $NAME PASS"; }

exec 9>"$CACHE/run.lock"
flock 9
stage
# A TCG guest kernel now and then dies while booting (an int3 oops in
# early patching); such a boot never reached the test: boot again.
# Multi-threaded TCG also, now and then, trips over the kernel's own live
# text patching (an "Oops: int3" in the guest, seen before and during
# tests, e.g. when a static key flips as XDP/TC attach): the emulator's
# fault, not the test's. Such a run is repeated, at most twice, and said.
for attempt in 1 2 3; do
	boot
	if ! in_log "LAB-START $NAME"; then
		echo "lab: $NAME: the guest died before the test (boot $attempt); again" >&2
	elif ! passed && grep -aq "Oops: int3" "$LOG"; then
		echo "lab: $NAME: guest kernel int3 oops under TCG (run $attempt); again" >&2
	else
		break
	fi
	cp "$LOG" "$LOG.boot$attempt"
	stage
done
# what the test kept (daemon logs, configs), before the next run restages
rm -rf "$TOP/build/lab-work/$NAME"
if [ -d "$ROOT/src/build/lab-work/$NAME" ]; then
	mkdir -p "$TOP/build/lab-work"
	cp -r "$ROOT/src/build/lab-work/$NAME" "$TOP/build/lab-work/"
fi
if passed; then
	rm -f "$LOG.virtiofsd"
	exit 0
fi
echo "lab: $NAME failed; guest log: $LOG, kept files: build/lab-work/$NAME" >&2
tail -40 "$LOG" >&2
exit 1
