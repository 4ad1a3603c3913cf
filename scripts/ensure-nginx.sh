#!/usr/bin/env bash
# Installs Debian's nginx when it is missing: the static-publishing test
# (tests/publishing/test_nginx.py) starts it with the shipped configuration
# (deploy/nginx/) in front of a live test server. The package's own service is not used:
# the test runs nginx as a foreground process of its own on a free port.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-nginx: need nginx and not root; run: sudo apt-get install -y nginx-light or nginx" >&2
  exit 1
fi
echo "ensure-nginx: installing nginx from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
# No service start inside a container or CI: policy-rc.d says "not now" to invoke-rc.d.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends nginx >/dev/null
