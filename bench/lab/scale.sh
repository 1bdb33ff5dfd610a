#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Many tunnels in one responder, multisad against strongSwan 6.1 on the
# same work, in one boot of the lab guest. A (always multisad, the load)
# holds P connections, each from its own address (198.18.x.y on A's veth)
# and identity, each with one child whose selectors are its own /32;
# per-CPU SAs all at once, so every IKE SA carries a fallback and one SA per
# CPU. B, the measured responder, has one connection for any peer.
# Per implementation:
#   up_s       from A's start until P IKE SAs and P x (CPUs + 1) Child
#              SAs are up (A's view, polled every 0.5 s: B answers only
#              once installed, and B is left alone by the polling)
#   rss_kib    B's resident memory, before and after, per IKE SA (with its
#              children) and, from a second run with the fallback alone,
#              per Child SA
#   idle_cpu   B's CPU time over IDLE seconds once all is up (DPD off)
#   wave_s     a rekey wave: every child's rekey_time on A elapses at once
#              (B's is ten times longer plus an hour: A drives it); the time until B's
#              CPU goes quiet again, and its CPU seconds (WAVE=0: none)
#   drops      datagrams the kernel dropped at A's and B's sockets during
#              the bring-up (UdpRcvbufErrors + MemErrors, IPv4: the lab's)
# IMPLS (comma-separated, default ours,swan): ours = multisad, swan =
# charon, ours0 = multisad with udp_rcvbuf = 0 on B (the system's default
# buffer, as before 2026-11-27; A, the load, keeps its 4 MiB in every
# run); KINDS (default pcpu,fallback); ROUNDS
# (default 1) repeats them all, alternating, and prints the medians.
# Run: [LAB_ENV="P=1000 IDLE=60 WAVE=150"] bash scripts/lab/run.sh bench/lab/scale.sh
# lab-timeout: 3000
. /src/tests/lab/lib/ike.sh
. /src/tests/lab/lib/many.sh
P=${P:-1000}
IDLE=${IDLE:-60}
WAVE=${WAVE:-150}	# the children's rekey_time (s): after up + idle
UP_MAX=${UP_MAX:-600}	# s: an up count that never arrives is a TIMEOUT
IMPLS=${IMPLS:-ours,swan}
KINDS=${KINDS:-pcpu,fallback}
ROUNDS=${ROUNDS:-1}
for x in ${IMPLS//,/ }; do
	case $x in ours|ours0|swan) ;; *) fail "IMPLS: $x is not ours, ours0 or swan" ;; esac
done
for x in ${KINDS//,/ }; do
	case $x in pcpu|fallback) ;; *) fail "KINDS: $x is not pcpu or fallback" ;; esac
done
N=$(nproc)
export LOG_LEVEL=warn
trap 'ike_cleanup' EXIT INT TERM
setup_nets

many_setup "$P"

# A: P connections p0..p(P-1). A is the load, not what is measured:
# keyingtries = 3 lets it try again an IKE SA that failed in the burst, as
# an operator's gateway would; the attempts are counted and printed.
write_a() { # child extra lines
	local rk='rekey_time = "'"$WAVE"'s"; rand_time = 0;'
	[ "$WAVE" != 0 ] || rk=""	# no wave: the default rekey time
	many_conf_a warn 'ike_sas_per_id = 2; retransmit_timeout = "4s"; retransmit_tries = 5;' \
		"keyingtries = 3;" "$rk $1" >"$WORK/a.conf"
}

write_b_ours() { # child extra lines, global extra lines
	many_conf_b warn "rekey_time = \"$((WAVE * 10 + 3600))s\"; $1" "${2:-}" \
		>"$WORK/b.conf"
}

write_b_swan() { # child extra lines
	mkdir -p "$WORK/swan-b"
	cat >"$WORK/swan-b/swanctl.conf" <<EOC
connections {
  any {
    version = 2
    local_addrs = 198.19.0.1
    proposals = aes256gcm16-prfsha256-x25519
    local { auth = psk
            id = b.example }
    remote { auth = psk }
    children {
      net {
        local_ts = 10.2.0.0/16
        remote_ts = 10.128.0.0/9
        esp_proposals = aes128gcm16
        rekey_time = $((WAVE * 10 + 3600))s
        $1
      }
    }
  }
}
secrets {
  ike-any { secret = lab-psk-0123456789 }
}
EOC
}

# "ike_sas children" up, as A (multisad in both runs) sees them: B has
# installed a Child SA before it answers, and asking A leaves B's memory
# and CPU untouched by the polling
counts() {
	ctl a --json status 2>/dev/null | jq -r '[.ike_sas[] | select(.state=="ESTABLISHED")] |
		"\(length) \([.[].children[] | select(.state=="INSTALLED")] | length)"' 2>/dev/null || echo "0 0"
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# one run: IMPL (ours|swan) CHILDREN (pcpu|fallback); prints a result line
run() {
	local impl=$1 kind=$2 want_c pid t0 t1 rss0 rss1 c0 c1 extra="" n=""
	[ "$kind" = pcpu ] && extra='per_cpu_sas = "yes"; per_cpu_create = "all";'
	want_c=$([ "$kind" = pcpu ] && echo $((P * (N + 1))) || echo "$P")
	write_a "$extra"
	if [ "$impl" != swan ]; then
		write_b_ours "$extra" "$([ "$impl" = ours0 ] && echo 'udp_rcvbuf = 0;')"
		start_d b; pid=$PID_b
		for _ in $(seq 50); do [ -S "$RUN/b.sock" ] && break; sleep 0.2; done
	else
		write_b_swan "$([ "$kind" = pcpu ] && echo 'per_cpu_sas = yes')"
		start_swan b; pid=$(pgrep -n -f charon-systemd)
	fi
	sleep 2
	rss0=$(rss_kib "$pid")
	local da0 db0
	da0=$(udp_drops "$NSA"); db0=$(udp_drops "$NSB")
	t0=$(date +%s.%N)
	start_d a
	local late=TIMEOUT deadline=$(( $(date +%s) + UP_MAX ))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		n=$(counts)
		[[ "$n" =~ ^[0-9]+\ [0-9]+$ ]] || n="0 0"	# A busy: no answer
		[ "${n% *}" -ge "$P" ] && [ "${n#* }" -ge "$want_c" ] && { late=""; break; }
		sleep 0.5
	done
	t1=$(date +%s.%N)
	echo "SCALE $impl $kind: datagrams dropped at full sockets during the bring-up: A $(( $(udp_drops "$NSA") - da0 )), B $(( $(udp_drops "$NSB") - db0 ))"
	[ -z "$late" ] || echo "SCALE $impl $kind: TIMEOUT, A holds $n of $P $want_c: the figures below are not a result"
	rss1=$(rss_kib "$pid")
	# IKE SA ids count up from 1: the highest is the number of attempts
	echo "SCALE $impl $kind: A holds $n (want $P $want_c), $(ctl a --json status 2>/dev/null |
		jq '[.ike_sas[].id] | max' 2>/dev/null) IKE SAs started for $P"
	c0=$(cpu_ticks "$pid"); sleep "$IDLE"; c1=$(cpu_ticks "$pid")
	local idle_ms=$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))
	printf 'SCALE %s %s P=%d CPUs=%d: up %.1f s, RSS %d -> %d KiB (%.1f KiB per IKE SA with %s), idle %d ms CPU in %d s%s\n' \
		"$impl" "$kind" "$P" "$N" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		"$rss0" "$rss1" "$(awk -v a="$rss0" -v b="$rss1" -v p="$P" 'BEGIN { print (b - a) / p }')" \
		"$([ "$kind" = pcpu ] && echo "$((N + 1)) children" || echo "1 child")" \
		"$idle_ms" "$IDLE" "$([ "$WAVE" = 0 ] || wave "$pid" "$t0")"
	# a TIMEOUT's memory is over fewer SAs than P: kept apart
	echo "$impl${late:+-timeout} $kind $(awk -v a="$rss0" -v b="$rss1" 'BEGIN { print b - a }')" >>"$WORK/rss"
	echo "$impl $kind $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') ${late:-ok}" >>"$WORK/up"
	daemons_reset
}

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# the rekey wave of B (pid $1), A started at $2: WAVE s after the start;
# wait past it, then until B's CPU is quiet for 3 s in a row; prints
# ", rekey wave T s and C CPU s"
wave() {
	local now left w0 w1 quiet=0 wc0 wc1 last
	now=$(date +%s.%N)
	left=$(awk -v a="$2" -v w="$WAVE" -v n="$now" 'BEGIN { l = a + w - 5 - n; print (l > 0) ? int(l) : 0 }')
	sleep "$left"
	w0=$(date +%s.%N); wc0=$(cpu_ticks "$1"); last=$wc0
	for _ in $(seq 300); do
		sleep 1
		wc1=$(cpu_ticks "$1")
		if [ $((wc1 - last)) -le 1 ]; then quiet=$((quiet + 1)); else quiet=0; fi
		last=$wc1
		[ "$quiet" -ge 3 ] && [ $((wc1 - wc0)) -gt 10 ] && break
	done
	w1=$(date +%s.%N)
	printf ', rekey wave %.1f s and %.2f CPU s' \
		"$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a - 3 }')" \
		"$(awk -v a="$wc0" -v b="$wc1" -v t="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / t }')"
}

: >"$WORK/rss"
: >"$WORK/up"
for _ in $(seq "$ROUNDS"); do
	for kind in ${KINDS//,/ }; do
		for impl in ${IMPLS//,/ }; do
			run "$impl" "$kind"
		done
	done
done
for kind in ${KINDS//,/ }; do
	for impl in ${IMPLS//,/ }; do
		printf 'SCALE %s %s: median of %d rounds: up %s s (%s), %s KiB per IKE SA\n' "$impl" "$kind" "$ROUNDS" \
			"$(awk -v i="$impl" -v k="$kind" '$1 == i && $2 == k {print $3}' "$WORK/up" | median)" \
			"$(awk -v i="$impl" -v k="$kind" '$1 == i && $2 == k {print $4}' "$WORK/up" | sort | uniq -c | xargs)" \
			"$(awk -v i="$impl" -v k="$kind" -v p="$P" '$1 == i && $2 == k {print $3 / p}' "$WORK/rss" | median)"
	done
done
for impl in ${IMPLS//,/ }; do
	pc=$(awk -v i="$impl" '$1 == i && $2 == "pcpu" {print $3}' "$WORK/rss" | median)
	fb=$(awk -v i="$impl" '$1 == i && $2 == "fallback" {print $3}' "$WORK/rss" | median)
	[ -n "$pc" ] && [ -n "$fb" ] || continue
	printf 'SCALE %s: %.2f KiB per Child SA, %.2f KiB per IKE SA alone\n' "$impl" \
		"$(awk -v a="$pc" -v b="$fb" -v p="$P" -v n="$N" 'BEGIN { print (a - b) / (p * n) }')" \
		"$(awk -v a="$pc" -v b="$fb" -v p="$P" -v n="$N" 'BEGIN { c = (a - b) / (p * n); print b / p - c }')"
done
