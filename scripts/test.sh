#!/usr/bin/env bash
# One command for the tests on a fresh Debian 12 machine (as root):
# install what is missing, build with warnings as errors, run every tier.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
make -j"$(nproc)" CI=true all
exec make CI=true check
