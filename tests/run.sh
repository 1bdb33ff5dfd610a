#!/usr/bin/env bash
# Runs every test tier and ends with one line CI can count:
#   check: N passed, N failed
# Tiers: layers (scripts/layers.conf over the tree), unit (cmocka programs, BPF fixtures among them), fuzz (bounded
# libFuzzer runs), netns (namespaces + veth on the real kernel), lab (a QEMU
# guest with a kernel that has ESP and per-CPU SAs; LAB=0 leaves it out).
# ONLY=regex runs the tests whose name matches; V=1 shows their output.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
LOG=$BUILD/test-logs
mkdir -p "$LOG"
pass=0; fail=0; failed=()

run_one() { # name, command...
	local name=$1; shift
	if [ -n "${ONLY:-}" ] && ! [[ $name =~ $ONLY ]]; then return; fi
	local log="$LOG/${name//\//_}.log" t0=$SECONDS
	if [ "${V:-0}" = 1 ]; then "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}
	else "$@" >"$log" 2>&1; rc=$?; fi
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); printf 'PASS  %-40s %3ds\n' "$name" $((SECONDS - t0))
	else
		fail=$((fail + 1)); failed+=("$name")
		printf 'FAIL  %-40s %3ds (rc %d, log %s)\n' "$name" $((SECONDS - t0)) $rc "$log"
		tail -n 30 "$log" | sed 's/^/      | /'
	fi
}

run_one layers/check bash tests/layers/check.sh
run_one layers/selftest bash tests/layers/selftest.sh
run_one install/make_install bash tests/install/test_install.sh
run_one install/deb bash tests/install/test_deb.sh
for t in ${UNIT:-}; do run_one "unit/$(basename "$t")" "$t"; done
for f in ${FUZZ:-}; do run_one "fuzz/$(basename "$f")" bash tests/fuzz/run.sh "$f" "${FUZZ_SECONDS:-15}"; done
for s in tests/netns/test_*.sh; do
	[ -e "$s" ] || continue
	run_one "netns/$(basename "$s" .sh)" bash "$s"
done
# The lab: each guest test boots the QEMU guest (real ESP) once.
if [ "${LAB:-1}" = 1 ]; then
	for s in tests/lab/guest/*.sh tests/lab/systemd/*.sh; do
		run_one "lab/$(basename "$s" .sh)" bash scripts/lab/run.sh "$s"
	done
fi

[ $fail -eq 0 ] || printf 'failed: %s\n' "${failed[*]}"
echo "check: $pass passed, $fail failed"
[ $fail -eq 0 ]
