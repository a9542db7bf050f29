#!/usr/bin/env bash
# A PostgreSQL for the tests (and for trying the engine on PostgreSQL by hand), on loopback only:
#   bash scripts/postgres.sh              start it (or reuse the one already running), print its URL
#   bash scripts/postgres.sh --port 5544  the same, on a fixed port (the first start only; later starts reuse the port)
#   bash scripts/postgres.sh stop         stop it
# Installs Debian's postgresql with apt-get when initdb/pg_ctl are missing (CI has nothing preinstalled).
# It listens on 127.0.0.1 only and every connection, TCP or socket, authenticates with scram-sha-256 as user
# postgres with a generated password kept in data/pg/password (mode 0600). The URL, password included, goes to
# data/pg/postgres.env (TEST_DATABASE_URL=..., mode 0600), which Jest's globalSetup reads. The cluster lives in
# the git-ignored data/pg/cluster, or, when run as root from a checkout the postgres user cannot reach, in a
# private folder made with mktemp -d (its path is kept in data/pg/cluster-home). Running it again is safe, and
# a cluster an earlier version of this script made with trust authentication is switched to passwords.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Everything this script creates (password, URL file, folders) is for its owner only.
umask 077

step() { printf 'postgres: %s\n' "$*"; }
die() { printf 'postgres: ERROR: %s\n' "$*" >&2; exit 1; }

root_dir=$PWD/data/pg
env_file=$root_dir/postgres.env
password_file=$root_dir/password
home_file=$root_dir/cluster-home

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

# A folder the cluster may live in: a directory owned by the postgres user (as root) that no one else can write.
private_home() {
  local dir=$1
  [[ -d $dir && ! -L $dir ]] || return 1
  [[ $(stat -c %U "$dir") == postgres ]] || return 1
  [[ $(( 8#$(stat -c %a "$dir") & 8#022 )) -eq 0 ]]
}

mkdir -p "$root_dir"
chmod 700 "$root_dir"
pg_home=$root_dir
if [[ $(id -u) -eq 0 ]]; then
  # The cluster stays in data/pg/ when the postgres user can reach it (the folder is handed to it); otherwise
  # (a checkout under /root, say) in a private folder of unpredictable name, remembered for the next run.
  chown postgres: "$root_dir"
  if ! (cd / && runuser -u postgres -- test -w "$root_dir"); then
    chown root: "$root_dir"
    pg_home=""
    if [[ -f $home_file ]]; then
      pg_home=$(cat "$home_file")
      private_home "$pg_home" || { step "ignoring $pg_home (not a private folder of the postgres user)"; pg_home=""; }
    fi
    # An earlier version of this script used a predictable path; its cluster is kept if no one else could have made it.
    legacy=${TMPDIR:-/tmp}/election-pg-$(printf %s "$PWD" | md5sum | cut -c1-12)
    if [[ -z $pg_home && -f $legacy/cluster/PG_VERSION ]] && private_home "$legacy" && private_home "$legacy/cluster"; then pg_home=$legacy; fi
    if [[ -z $pg_home ]]; then
      pg_home=$(mktemp -d "${TMPDIR:-/tmp}/election-pg.XXXXXXXXXX")
      chown postgres: "$pg_home"
    fi
    printf '%s\n' "$pg_home" >"$home_file"
    step "the postgres user cannot reach ${root_dir}: the cluster lives in $pg_home"
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

if [[ ! -s $password_file ]]; then
  # 24 random bytes as hex: nothing in it needs escaping in a URL, a shell or SQL.
  od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$password_file"
fi
chmod 600 "$password_file"
password=$(cat "$password_file")
[[ $password =~ ^[0-9a-f]{48}$ ]] || die "$password_file does not hold a generated password (48 hex digits); delete it and run this script again"

# The password as a file the cluster's owner can read, for initdb and psql; removed when the script ends.
owner_secret=""
cleanup() { [[ -n $owner_secret ]] && rm -f "$owner_secret"; return 0; }
trap cleanup EXIT
secret_for_owner() {
  owner_secret=$(mktemp "$pg_home/.password.XXXXXXXX")
  printf '%s\n' "$password" >"$owner_secret"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$owner_secret"; fi
}

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
configured_port() { sed -n "s/^port = \([0-9]*\).*/\1/p" "$cluster/postgresql.auto.conf" 2>/dev/null | tail -n 1; }

if [[ ! -f $cluster/PG_VERSION ]]; then
  step "initialising a cluster in ${cluster#$PWD/} ..."
  rm -rf "$cluster"
  mkdir -p "$cluster"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$cluster"; fi
  secret_for_owner
  as_owner "$bin/initdb" -D "$cluster" --username=postgres --auth=scram-sha-256 --pwfile="$owner_secret" --encoding=UTF8 --no-locale >"$pg_home/initdb.log" 2>&1 \
    || die "initdb failed; see $pg_home/initdb.log"
  rm -f "$owner_secret"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$cluster'"
    echo "port = ${port:-$(free_port)}"
    echo "password_encryption = 'scram-sha-256'"
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

# A cluster from before passwords trusts every local connection: give postgres the password, then require it.
if as_owner grep -Eq '^[^#]*[[:space:]]trust[[:space:]]*$' "$cluster/pg_hba.conf"; then
  step "switching the cluster from trust to scram-sha-256 password authentication ..."
  # On stdin, not in psql's arguments, where ps would show it.
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster" -p "$(configured_port)" -U postgres -d postgres -f - >/dev/null \
    <<<"SET password_encryption = 'scram-sha-256'; ALTER ROLE postgres PASSWORD '$password';" \
    || die "could not set the password of user postgres"
  as_owner sed -i -E 's/^([^#]*[[:space:]])trust[[:space:]]*$/\1scram-sha-256/' "$cluster/pg_hba.conf"
  as_owner "$bin/pg_ctl" reload -D "$cluster" >/dev/null
fi

url="postgres://postgres:$password@127.0.0.1:$(configured_port)/postgres"
echo "TEST_DATABASE_URL=$url" >"$env_file"
chmod 600 "$env_file"
step "listening at ${url/:$password@/:***@} (the URL with its password is in ${env_file#$PWD/}; stop with: bash scripts/postgres.sh stop)"
