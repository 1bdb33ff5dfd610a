#!/usr/bin/env bash
# Run one libFuzzer program for a bounded time over its seed corpus.
# usage: run.sh BUILD/fuzz/fuzz_NAME SECONDS
set -eu
bin=$1; secs=${2:-15}
name=$(basename "$bin")
seeds=tests/fuzz/corpus/${name#fuzz_}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
[ -d "$seeds" ] && cp -r "$seeds"/. "$work"/ 2>/dev/null || true
art=${BUILD:-build}/fuzz-artifacts/$name/
mkdir -p "$art"
LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS} \
"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -artifact_prefix="$art" \
	-print_final_stats=1 "$work"
