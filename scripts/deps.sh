#!/usr/bin/env bash
# Install every Debian package multisa's build, tests and lab need.
# Idempotent and quiet when everything is already there.
set -euo pipefail

PKGS=(
  # build
  make gcc build-essential clang llvm pkg-config libelf-dev zlib1g-dev linux-libc-dev
  libbpf-dev libxdp-dev bpftool libmnl-dev libssl-dev libconfig-dev
  libjansson-dev libcmocka-dev libclang-rt-14-dev libcap-ng-dev libseccomp-dev libsystemd-dev
  libmicrohttpd-dev
  # tests and the demo
  iproute2 util-linux procps iputils-ping jq python3 python3-jsonschema man-db systemd
  # the Debian package
  dpkg-dev debhelper lintian
  # the metrics tests: promtool, a real Prometheus, an OpenMetrics parser
  prometheus python3-prometheus-client
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# prometheus is here for its binaries (the tests run their own, in a
# namespace): not as a service of this machine
if [[ " ${missing[*]} " == *" prometheus "* ]] && [ -d /run/systemd/system ]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
