#!/usr/bin/env bash
# The layering check fails on an upward call and an upward #include: a
# codec file (the lowest IKE layer) that includes state/sa.h and calls
# isa_find() of ike/state is added to a copy of the object set, and the
# check must name both, and pass again without it.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/ike/codec"
cat > "$T/ike/codec/zz_upcall.c" <<'C'
#include "state/sa.h"
void *zz_upcall(struct ike_daemon *d);
void *zz_upcall(struct ike_daemon *d) { return isa_find(d, 1); }
C
cc -std=gnu11 -D_GNU_SOURCE -Iinclude -Iike -Iuser $(pkg-config --cflags libconfig) \
	-c "$T/ike/codec/zz_upcall.c" -o "$T/ike/codec/zz_upcall.o"
objs=$(find "$BUILD/ike" "$BUILD/user" -name '*.o' | sort)
# shellcheck disable=SC2086
if python3 scripts/layers.py scripts/layers.conf . "$T" -- $objs \
	"$T/ike/codec/zz_upcall.o" > "$T/out"; then
	cat "$T/out"; echo "FAIL: an upward call passed the check"; exit 1
fi
cat "$T/out"
grep -q 'ike/codec/zz_upcall.c:1: ike/codec includes "state/sa.h"' "$T/out"
grep -q 'ike/codec/zz_upcall.o calls isa_find() of ike/state/sa.o' "$T/out"
# shellcheck disable=SC2086
python3 scripts/layers.py scripts/layers.conf . -- $objs > /dev/null
echo "selftest: the upward include and call were refused"
