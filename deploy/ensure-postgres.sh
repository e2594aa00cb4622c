#!/usr/bin/env bash
# Makes a PostgreSQL server answer on 127.0.0.1:5432 with trust auth for user
# postgres, for the test suite. Installs it from Debian's packages if missing.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if command -v pg_isready >/dev/null && ready; then
  echo "postgres: already answering on 127.0.0.1:5432"; exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "postgres: not installed; installing from Debian's packages"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /etc/postgresql | sort -V | tail -n1)
conf=/etc/postgresql/$ver/main
# Local test server only: trust connections from loopback.
if ! grep -q "qotd-bot test trust" "$conf/pg_hba.conf"; then
  $SUDO sed -i '1i # qotd-bot test trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$conf/pg_hba.conf"
fi
$SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null \
  || $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main reload 2>/dev/null || true
for _ in $(seq 1 30); do ready && { echo "postgres: ready"; exit 0; }; sleep 1; done
echo "postgres: did not come up on 127.0.0.1:5432" >&2; exit 1
