#!/usr/bin/env bash
# A PostgreSQL for the tests (and for trying the engine on PostgreSQL by hand), on loopback only:
#   bash scripts/postgres.sh              start it (or reuse the one already running), print its URL
#   bash scripts/postgres.sh --port 5544  the same, on a fixed port (the first start only; later starts reuse the port)
#   bash scripts/postgres.sh stop         stop it
# Installs Debian's postgresql with apt-get when initdb/pg_ctl are missing (CI has nothing preinstalled).
# The cluster lives in the git-ignored data/pg/cluster; trust auth is safe there because it listens on
# 127.0.0.1 only. The URL goes to data/pg/postgres.env (TEST_DATABASE_URL=...), which Jest's globalSetup reads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf 'postgres: %s\n' "$*"; }
die() { printf 'postgres: ERROR: %s\n' "$*" >&2; exit 1; }

root_dir=$PWD/data/pg
env_file=$root_dir/postgres.env

action=start
port=""
while [[ $# -gt 0 ]]; do
  case $1 in
    stop) action=stop ;;
    start) action=start ;;
    --port) port=${2:-}; shift ;;
    --port=*) port=${1#--port=} ;;
    *) die "unknown argument $(printf %q "$1"); expected start, stop or --port N" ;;
  esac
  shift
done
if [[ -n $port && ! $port =~ ^[0-9]+$ ]]; then die "--port: got $(printf %q "$port"); expected a TCP port number such as 5544"; fi

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(pg_bin || true)
if [[ -z $bin || ! -x $bin/initdb || ! -x $bin/pg_ctl ]]; then
  [[ $action == stop ]] && { step "no PostgreSQL installed: nothing to stop"; exit 0; }
  [[ $(id -u) -eq 0 ]] || die "initdb/pg_ctl not found under /usr/lib/postgresql/*/bin; install Debian's postgresql (apt-get install postgresql, as root) or run this script as root"
  command -v apt-get >/dev/null || die "initdb/pg_ctl not found and there is no apt-get; install PostgreSQL (initdb and pg_ctl under /usr/lib/postgresql/VERSION/bin)"
  step "installing Debian's postgresql (apt-get) ..."
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null || die "apt-get install postgresql failed"
  bin=$(pg_bin || true)
  [[ -n $bin && -x $bin/initdb ]] || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
fi

# initdb refuses to run as root: as root the cluster belongs to the postgres user.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The cluster lives in data/pg/ unless the postgres user cannot reach it (a checkout under /root, say):
# then in a folder of its own under /tmp, named after the project path so each checkout keeps one.
mkdir -p "$root_dir"
pg_home=$root_dir
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$root_dir"
  if ! (cd / && runuser -u postgres -- test -w "$root_dir"); then
    pg_home=${TMPDIR:-/tmp}/election-pg-$(printf %s "$PWD" | md5sum | cut -c1-12)
    mkdir -p "$pg_home" && chown postgres: "$pg_home"
    step "the postgres user cannot reach ${root_dir}: the cluster goes to $pg_home"
  fi
fi
cluster=$pg_home/cluster
log_file=$pg_home/postgres.log

running() { as_owner "$bin/pg_ctl" status -D "$cluster" >/dev/null 2>&1; }

if [[ $action == stop ]]; then
  if [[ -d $cluster ]] && running; then
    as_owner "$bin/pg_ctl" stop -D "$cluster" -m fast -w >/dev/null
    step "stopped"
  else
    step "not running"
  fi
  exit 0
fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
configured_port() { sed -n "s/^port = \([0-9]*\).*/\1/p" "$cluster/postgresql.auto.conf" 2>/dev/null | tail -n 1; }

if [[ ! -f $cluster/PG_VERSION ]]; then
  step "initialising a cluster in ${cluster#$PWD/} ..."
  rm -rf "$cluster"
  mkdir -p "$cluster"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$cluster"; fi
  as_owner "$bin/initdb" -D "$cluster" --username=postgres --auth=trust --encoding=UTF8 --no-locale >"$pg_home/initdb.log" 2>&1 \
    || die "initdb failed; see $pg_home/initdb.log"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$cluster'"
    echo "port = ${port:-$(free_port)}"
    echo "fsync = off"   # a test database: speed over crash safety
  } | as_owner tee -a "$cluster/postgresql.auto.conf" >/dev/null
fi

if running; then
  step "already running: reusing it"
else
  if [[ -n $port && $port != "$(configured_port)" ]]; then
    echo "port = $port" | as_owner tee -a "$cluster/postgresql.auto.conf" >/dev/null
  fi
  as_owner "$bin/pg_ctl" start -D "$cluster" -l "$log_file" -w -t 60 >/dev/null \
    || die "pg_ctl start failed (is port $(configured_port) taken? try --port N); see $log_file"
  step "started ($("$bin/postgres" --version))"
fi

url="postgres://postgres@127.0.0.1:$(configured_port)/postgres"
echo "TEST_DATABASE_URL=$url" >"$env_file"
step "listening at $url (written to ${env_file#$PWD/}; stop with: bash scripts/postgres.sh stop)"
