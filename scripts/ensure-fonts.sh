#!/usr/bin/env bash
# Installs what the PDF documents (gongkai.documents.pdf) need from Debian's packages when it
# is missing: the Noto CJK fonts (Noto Serif CJK SC for body text, Noto Sans CJK SC for
# headings; the fallback for 仿宋/黑体, which Linux servers lack), fontconfig to find them, and
# HarfBuzz's subsetting library — without it WeasyPrint embeds whole CJK fonts and a page
# takes seconds instead of a fraction of one.
set -euo pipefail
need=()
# Captured first: `grep -q` closing a pipe early would fail the pipeline under pipefail.
families=$(fc-list : family 2>/dev/null || true)
grep -qi 'noto serif cjk sc' <<<"$families" || need+=(fonts-noto-cjk)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
dpkg-query -W -f='${Status}' libharfbuzz-subset0 2>/dev/null | grep -q 'ok installed' ||
  need+=(libharfbuzz-subset0)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-fonts: need ${need[*]} and not root; run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "ensure-fonts: installing ${need[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
fc-cache -f >/dev/null
