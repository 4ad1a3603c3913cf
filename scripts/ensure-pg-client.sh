#!/usr/bin/env bash
# Installs Debian's PostgreSQL client (pg_dump, pg_restore) for `gongkai backup`/`restore`
# when the database is PostgreSQL: the major version of the server's, since pg_dump refuses
# a newer server than its own. Usage: scripts/ensure-pg-client.sh [DATABASE_URL]
set -euo pipefail
url=${1:-${GONGKAI_DATABASE_URL:-}}
case "$url" in
  postgres://*|postgresql://*) ;;
  *) exit 0 ;;  # SQLite: the backup uses Python's sqlite3, nothing to install
esac
server=$(psql "$url" -Atc "SHOW server_version_num" 2>/dev/null || true)
major=${server:0:2}
if command -v pg_dump >/dev/null 2>&1; then
  have=$(pg_dump --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
  if [ -z "$major" ] || [ "$have" -ge "$major" ]; then
    exit 0
  fi
fi
package=postgresql-client${major:+-$major}
if [ "$(id -u)" != 0 ]; then
  echo "ensure-pg-client: need $package and not root; run: sudo apt-get install -y $package" >&2
  exit 1
fi
echo "ensure-pg-client: installing $package from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "$package" >/dev/null
