#!/usr/bin/env bash
# Installs what the browser tests need from Debian's packages when it is missing:
# Chromium (driven by Playwright through /usr/bin/chromium; `playwright install` cannot
# download here) and a CJK font so that screenshots show Chinese, not boxes.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fonts=$(fc-list 2>/dev/null || true)
grep -qiE 'wqy|noto (sans|serif) cjk' <<<"$fonts" || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-browser: need ${need[*]} and not root; run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "ensure-browser: installing ${need[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
