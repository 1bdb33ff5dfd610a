#!/usr/bin/env bash
# Metrics: `multisactl metrics` and GET /metrics (global.metrics_listen,
# libmicrohttpd, in namespace A on its loopback) give the same Prometheus
# text, which promtool accepts, and OpenMetrics when asked (--openmetrics,
# or an Accept naming it), which the OpenMetrics parser of Debian's
# python3-prometheus-client accepts; a real Prometheus (which asks for
# OpenMetrics) scrapes the endpoint and answers queries for a gauge and a
# counter through its HTTP API. Other paths get 404; the endpoint cannot
# move on reload; a busy port stops the start.
. "$(dirname "$0")/ike.sh"
command -v promtool >/dev/null && command -v prometheus >/dev/null ||
	fail "promtool and prometheus are needed (scripts/deps.sh installs them)"
PY=/usr/bin/python3	# Debian's, with python3-prometheus-client
$PY -c 'import prometheus_client.openmetrics.parser' ||
	fail "python3-prometheus-client is needed (scripts/deps.sh installs it)"
om_check() { # OpenMetrics text on stdin: parsed strictly, families counted
	$PY -c 'import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as p
fams = list(p(sys.stdin.read()))
print(len(fams), " ".join(f.name for f in fams if f.type == "counter"))'
}
setup_pair
conf a none "$RUN/a.sock" 'metrics_listen = "127.0.0.1:9615";'
conf b none "$RUN/b.sock"
start b "$NSB"
start a "$NSA"
wait_sock "$RUN/a.sock"
wait_sock "$RUN/b.sock"
ctl a up site >/dev/null
for _ in $(seq 50); do [ "$(established a)" = 1 ] && break; sleep 0.1; done
expect_eq "A's IKE SA" "$(established a)" 1

ctl a metrics >"$WORK/m.txt" || fail "multisactl metrics"
promtool check metrics <"$WORK/m.txt" || fail "promtool: $(promtool check metrics <"$WORK/m.txt" 2>&1)"
grep -qx 'multisa_ike_sas{state="ESTABLISHED"} 1' "$WORK/m.txt" || fail "no ESTABLISHED gauge"
grep -q '^multisa_limits_hit_total{limit="half_open_per_source"} 0$' "$WORK/m.txt" || fail "no limits"
grep -q '^multisa_child_sas{conn="site",child="net",cpu="none"} ' "$WORK/m.txt" || fail "no per-child rows"
grep -q '^multisa_child_sa_packets_total{conn="site",child="net",cpu="0",direction="in"} ' "$WORK/m.txt" || fail "no traffic rows"
grep -q '^multisa_child_fallback_share{conn="site",child="net"}' "$WORK/m.txt" && fail "a fallback share for a child without per-CPU SAs"
tail -1 "$WORK/m.txt" | grep -q "EOF" && fail "# EOF in the Prometheus text"
pass "multisactl metrics: promtool accepts it"
ctl a metrics --openmetrics >"$WORK/om.txt" || fail "multisactl metrics --openmetrics"
expect_eq "OpenMetrics: last line" "$(tail -1 "$WORK/om.txt")" "# EOF"
grep -qx "# TYPE multisa_rekeys counter" "$WORK/om.txt" || fail "OpenMetrics: a counter family keeps _total"
om=$(om_check <"$WORK/om.txt") || fail "the OpenMetrics parser refused it"
grep -qw "multisa_child_sa_packets" <<<"$om" || fail "OpenMetrics counters: $om"
pass "multisactl metrics --openmetrics: the OpenMetrics parser reads $(cut -d' ' -f1 <<<"$om") families"
set +e
ctl a metrics --bogus >/dev/null 2>"$WORK/e"; rc=$?
set -e
expect_eq "metrics --bogus: exit" "$rc" 2

http() { # PATH [ACCEPT]: "CODE CONTENT-TYPE" then the body, from inside A
	nsenter --net=/run/netns/"$NSA" python3 - "$1" "${2:-}" <<'EOP'
import sys, urllib.request, urllib.error
try:
    q = urllib.request.Request("http://127.0.0.1:9615" + sys.argv[1])
    if sys.argv[2]: q.add_header("Accept", sys.argv[2])
    r = urllib.request.urlopen(q, timeout=5)
    print(r.status, r.headers["Content-Type"]); sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.headers["Content-Type"])
EOP
}
out=$(http /metrics)
head -1 <<<"$out" | grep -q "^200 text/plain; version=0.0.4" || fail "GET /metrics: $(head -1 <<<"$out")"
tail -n +2 <<<"$out" | promtool check metrics || fail "promtool on the HTTP body"
grep -qx 'multisa_ike_sas{state="ESTABLISHED"} 1' <<<"$out" || fail "HTTP body"
expect_eq "GET /other" "$(http /other | head -1 | cut -d' ' -f1)" 404
pass "GET /metrics: the same text, Prometheus' content type; 404 elsewhere"
out=$(http /metrics "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
head -1 <<<"$out" | grep -q "^200 application/openmetrics-text; version=1.0.0" || fail "GET /metrics (OpenMetrics): $(head -1 <<<"$out")"
tail -n +2 <<<"$out" | om_check >/dev/null || fail "the OpenMetrics parser refused the HTTP body"
pass "GET /metrics with an Accept naming OpenMetrics: OpenMetrics"

# a real Prometheus in namespace A, scraping every second
cat >"$WORK/prom.yml" <<EOC
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: multisa
    static_configs: [ { targets: [ "127.0.0.1:9615" ] } ]
EOC
nsenter --net=/run/netns/"$NSA" prometheus --config.file="$WORK/prom.yml" \
	--storage.tsdb.path="$WORK/tsdb" --web.listen-address=127.0.0.1:9090 \
	>"$WORK/prom.log" 2>&1 &
D_PIDS="$D_PIDS $!"
query() { # SERIES: its value through Prometheus' API
	nsenter --net=/run/netns/"$NSA" python3 - "$1" <<'EOP'
import json, sys, urllib.request, urllib.parse
q = urllib.parse.quote(sys.argv[1])
try:
    r = json.load(urllib.request.urlopen("http://127.0.0.1:9090/api/v1/query?query=" + q, timeout=3))
    print(r["data"]["result"][0]["value"][1] if r["data"]["result"] else "none")
except Exception as e:
    print("down")
EOP
}
v=down
for _ in $(seq 60); do
	v=$(query 'multisa_ike_sas{state="ESTABLISHED",job="multisa"}')
	[ "$v" = 1 ] && break; sleep 0.5
done
[ "$v" = 1 ] || { tail -5 "$WORK/prom.log"; fail "Prometheus' answer: $v"; }
pass "Prometheus scraped multisad: multisa_ike_sas{state=\"ESTABLISHED\"} = 1 through its API"
expect_eq "Prometheus: a counter" "$(query 'multisa_ike_sas_established_total{job="multisa"}')" 1
pass "Prometheus read the counters of the OpenMetrics text it asked for"

sed -i 's/127.0.0.1:9615/127.0.0.1:9616/' "$WORK/a.conf"
out=$(ctl a reload 2>&1) && fail "metrics_listen moved on reload"
grep -q "metrics_listen cannot change without a restart" <<<"$out" || fail "unclear: $out"
# a daemon whose metrics port is taken, alone in a third namespace
NSC=msa-c-$$
trap 'ip netns del "$NSC" 2>/dev/null; ike_cleanup' EXIT
ip netns add "$NSC"
ip -n "$NSC" link set lo up
nsenter --net=/run/netns/"$NSC" python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 9615)); s.listen(); time.sleep(30)' &
D_PIDS="$D_PIDS $!"
for _ in $(seq 50); do
	[ -n "$(ip netns exec "$NSC" ss -Hltn 'sport = :9615')" ] && break; sleep 0.1
done
conf c none "$RUN/c.sock" 'metrics_listen = "127.0.0.1:9615";'
set +e
nsenter --net=/run/netns/"$NSC" timeout 10 "$BUILD/multisad" -c "$WORK/c.conf" >"$WORK/c.log" 2>&1
rc=$?
set -e
[ "$rc" = 1 ] || fail "a busy metrics port: exit $rc (124: it ran)"
grep -q "metrics_listen 127.0.0.1 port 9615: cannot listen there: Address already in use" "$WORK/c.log" ||
	fail "unclear: $(tail -3 "$WORK/c.log")"
[ -e "$RUN/c.sock" ] && fail "a control socket left behind"
pass "the endpoint stays put on reload; a busy port stops the start, said"
