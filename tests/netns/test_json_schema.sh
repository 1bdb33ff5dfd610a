#!/usr/bin/env bash
# One JSON schema (tests/schema/multisactl.schema.json, validated with
# python3-jsonschema) for every command with --json: status, list-conns,
# steer list, txsa list, stats, the log stream and the action replies.
# SPIs are "0x..." strings, CPUs integers or null, times seconds, counters
# integers; "ok" and "protocol" stay in the transport. (Child SAs cannot be
# installed on this host: their part of status is checked, with installed
# SAs, by test_ike_pcpu's status checks.)
. "$(dirname "$0")/ike.sh"
V="/usr/bin/python3 tests/schema/validate.py"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema is needed (scripts/deps.sh)"
setup_pair
in_b "$CTL" attach vb xdp none >/dev/null
conf a none "$RUN/a.sock"
conf b none "$RUN/b.sock"
start b "$NSB"
start a "$NSA"
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"
ctl a log debug --json >"$WORK/log.jsonl" 2>&1 &
LOGP=$!
sleep 0.5
ctl a up site >/dev/null
for _ in $(seq 50); do [ "$(established a)" = 1 ] && break; sleep 0.1; done
expect_eq "A's IKE SA" "$(established a)" 1
in_b "$CTL" steer add spi 0xc0ffee01 dst 192.0.2.2 cpu 0 id 7 >/dev/null
in_b "$CTL" steer add spi 0xc0ffee02 dst 192.0.2.2 cpu any id 8 >/dev/null
in_b "$CTL" txsa add spi 0xb0000001 dst 192.0.2.1 cpu 0 id 9 >/dev/null

ctl a --json status | $V status || fail "status"
ctl a --json list-conns | $V list_conns || fail "list-conns"
in_b "$CTL" --json steer list | $V sa_entries || fail "steer list"
in_b "$CTL" --json txsa list | $V sa_entries || fail "txsa list"
"$CTL" --socket "$RUN/b.sock" --json stats 2>/dev/null | $V stats || fail "stats"
expect_eq "steer list: the any-CPU entry" "$(in_b "$CTL" --json steer list | jq -c '[.[] | select(.id == 8) | .spi, .cpu]')" '["0xc0ffee02",null]'
expect_eq "status: an SPI" "$(ctl a --json status | jq -r '.ike_sas[0].spi_i' | grep -cE '^0x[0-9a-f]{16}$')" 1
expect_eq "an action's reply: no transport fields" "$(ctl a --json reload 2>/dev/null | jq -c "[has(\"ok\"), has(\"protocol\"), has(\"result\")]")" "[false,false,true]"
kill "$LOGP"; wait "$LOGP" 2>/dev/null || true
[ "$(wc -l <"$WORK/log.jsonl")" -ge 5 ] || fail "the log stream: $(cat "$WORK/log.jsonl")"
$V log_line --lines "$WORK/log.jsonl" || fail "log lines"
pass "every --json output matches the schema"
