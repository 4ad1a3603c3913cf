#!/usr/bin/env bash
# Installs wrk (the HTTP load generator bench/pages.py drives) from Debian's packages when it
# is missing.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-wrk: need wrk and not root; run: sudo apt-get install -y wrk" >&2
  exit 1
fi
echo "ensure-wrk: installing wrk from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends wrk >/dev/null
