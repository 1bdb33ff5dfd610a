#!/usr/bin/env bash
# The layering rule of scripts/layers.conf over this tree and its objects:
# no #include or call into a layer a folder may not use, no call loop
# between the files of one folder.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
objs=$(find "$BUILD/ike" "$BUILD/user" -name '*.o' | sort)
[ -n "$objs" ] || { echo "no objects under $BUILD: build first"; exit 1; }
# shellcheck disable=SC2086
exec python3 scripts/layers.py scripts/layers.conf . -- $objs
