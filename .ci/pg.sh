#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the report/sqlgen tests and print the
# setting that points them at it, for the caller to eval:
#
#   eval "$(bash .ci/pg.sh)"    # exports RFM_TEST_PG_DSN
#   bash .ci/pg.sh stop         # stops the server (the data directory stays)
#
# The server listens on a Unix socket only (no TCP), trusts local connections,
# runs with fsync off and keeps its data in a temporary directory: it is for
# tests, never for data anyone wants to keep. Running the script again reuses a
# server that still answers. As root it installs Debian's postgresql package if
# no PostgreSQL binaries are found and runs the server as the postgres user,
# because initdb refuses to run as root. Everything but the export line goes to
# stderr.
set -euo pipefail

dir=${RFM_PG_DIR:-/tmp/rfm-pg}
port=${RFM_PG_PORT:-54329}
data=$dir/data

log() { printf 'pg.sh: %s\n' "$*" >&2; }

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    printf '%s\n' "$d"
  fi
}

bin=$(find_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "no PostgreSQL server binaries under /usr/lib/postgresql; install Debian's postgresql package"
    exit 1
  fi
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cluster may fail to start where there is no init system;
  # that is not an error here, as this script starts its own server.
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2 || true
  bin=$(find_bin)
  [ -n "$bin" ] || { log "postgresql did not install"; exit 1; }
fi

# Run a command as the server's owner: postgres when we are root.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" --shell /bin/sh postgres
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

dsn="host=$dir port=$port user=postgres dbname=postgres sslmode=disable"
answers() { "$bin/pg_isready" -q -h "$dir" -p "$port" -t 3 >/dev/null 2>&1; }

if [ "${1:-start}" = stop ]; then
  if [ -f "$data/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
  fi
  exit 0
fi

if ! answers; then
  mkdir -p "$dir"
  chown "$owner" "$dir"
  chmod 0755 "$dir"
  version=$(basename "$(dirname "$bin")")
  if [ ! -f "$data/PG_VERSION" ] || [ "$(cat "$data/PG_VERSION")" != "$version" ]; then
    # A half-made or other-version data directory is thrown away: it only ever
    # holds test tables.
    rm -rf "$data"
    log "initdb $data (PostgreSQL $version)"
    as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # A server killed without a shutdown (a reboot, the end of a session) leaves
  # lock files whose PID may since belong to another process, which makes
  # postgres refuse to start: drop those not held by a postgres process.
  for lock in "$data/postmaster.pid" "$dir/.s.PGSQL.$port.lock"; do
    [ -f "$lock" ] || continue
    pid=$(head -n 1 "$lock" 2>/dev/null || true)
    if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != postgres ]; then
      rm -f "$lock"
    fi
  done
  log "starting the server on $dir/.s.PGSQL.$port"
  # -c listen_addresses='' keeps it off the network; fsync and friends are off
  # because the data is thrown away.
  as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { tail -n 20 "$dir/server.log" >&2 || true; exit 1; }
  answers || { log "the server does not answer"; tail -n 20 "$dir/server.log" >&2 || true; exit 1; }
fi

printf "export RFM_TEST_PG_DSN='%s'\n" "$dsn"
