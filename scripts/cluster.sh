#!/usr/bin/env bash
# A production-shaped Temporal cluster on loopback: the frontend, history, matching and worker services as four
# processes of the Temporal server, PostgreSQL for persistence and for visibility (custom search attributes on SQL
# visibility), 8 history shards, the namespaces `default` (the tests') and `election` with their retention periods and
# the project's search attributes.
#
#   bash scripts/cluster.sh [start]               build what is missing, start the cluster (or report it up)
#   bash scripts/cluster.sh stop                  stop its four services (PostgreSQL stays up: scripts/postgres.sh stop)
#   bash scripts/cluster.sh status                each service's pid and port; exits 1 unless all four run
#   bash scripts/cluster.sh restart-service NAME  SIGKILL one service (frontend, history, matching or worker) and start
#                                                 it again, as a crash and a restart: for chaos runs
#
# The server and its SQL schema tool are built once with `go install` from the Go module go.temporal.io/server at the
# version pinned below (about 6 minutes on two cores when Go's caches are cold, seconds after) into
# .tools/bin/temporal-server and .tools/bin/temporal-sql-tool; a second run finds them there. PostgreSQL is the
# project's loopback one (scripts/postgres.sh), with two databases of this instance's own.
#
# Environment:
#   ELECTION_CLUSTER_DIR        the instance's folder (default data/cluster): config, logs, pid files and cluster.env
#   ELECTION_CLUSTER_PORT_BASE  its first port (default: the instance's own from its cluster.env, else 17233); every
#                               port is BASE + an offset, on 127.0.0.1:
#                                 gRPC         frontend BASE, history +1, matching +2, worker +3
#                                 membership   frontend +10, history +11, matching +12, worker +13
#                                 Prometheus   frontend +20, history +21, matching +22, worker +23
#                                 frontend HTTP API +30
#                               the databases are named after it too, so a second instance (another folder and base)
#                               runs beside the first on the same PostgreSQL.
#
# $ELECTION_CLUSTER_DIR/cluster.env (mode 0600: it holds the database password) tells other programs where the cluster
# is: TEMPORAL_ADDRESS, ELECTION_CLUSTER_NAMESPACE, ELECTION_CLUSTER_DIR, ELECTION_CLUSTER_PG_URL,
# ELECTION_CLUSTER_VISIBILITY_PG_URL and ELECTION_CLUSTER_<SERVICE>_PID_FILE for each service.
# Any failed step stops the script with one line `cluster: ERROR: <step>: <why>` and a non-zero exit.
set -euo pipefail

# ---- version pin: the only place it is written -------------------------------------------------
TEMPORAL_SERVER_MODULE="go.temporal.io/server"
TEMPORAL_SERVER_VERSION="v1.32.0"   # builds with Go 1.26; later patches ask for a newer toolchain
# -------------------------------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
# The config holds the database password, the env file its URL: for their owner only.
umask 077

say() { printf 'cluster: %s\n' "$*"; }
die() { printf 'cluster: ERROR: %s\n' "$*" >&2; exit 1; }

BIN="$ROOT/.tools/bin"
SERVER="$BIN/temporal-server"
SQL_TOOL="$BIN/temporal-sql-tool"
CLI="$BIN/temporal"
SERVICES=(frontend history matching worker)

DIR="$(realpath -m -- "${ELECTION_CLUSTER_DIR:-$ROOT/data/cluster}")"
# An instance keeps the base it was started with: `stop`, `status` and `restart-service` need only its folder.
BASE="${ELECTION_CLUSTER_PORT_BASE:-$(sed -n 's/^ELECTION_CLUSTER_PORT_BASE=//p' "$DIR/cluster.env" 2>/dev/null || true)}"
BASE="${BASE:-17233}"
[[ $BASE =~ ^[0-9]+$ ]] && ((BASE >= 1024 && BASE + 30 <= 65535)) \
  || die "settings: ELECTION_CLUSTER_PORT_BASE=$BASE; expected a port number from 1024 to 65505"
FRONTEND="127.0.0.1:$BASE"
DATABASE="election_cluster_$BASE"
VISIBILITY_DATABASE="election_cluster_${BASE}_visibility"
TEST_NAMESPACE="default"
NAMESPACE="election"
ENV_FILE="$DIR/cluster.env"
STOP_COMMAND="bash scripts/cluster.sh stop"
[[ -n ${ELECTION_CLUSTER_DIR:-} ]] && STOP_COMMAND="ELECTION_CLUSTER_DIR=$DIR $STOP_COMMAND"

service_index() {
  case $1 in
    frontend) echo 0 ;;
    history) echo 1 ;;
    matching) echo 2 ;;
    worker) echo 3 ;;
    *) return 1 ;;
  esac
}
grpc_port() { echo $((BASE + $(service_index "$1"))); }
membership_port() { echo $((BASE + 10 + $(service_index "$1"))); }
metrics_port() { echo $((BASE + 20 + $(service_index "$1"))); }
pid_file() { echo "$DIR/run/$1.pid"; }
log_file() { echo "$DIR/logs/$1.log"; }
config_file() { echo "$DIR/config/$1.yaml"; }

# The service's pid when its process runs from this instance's config (a pid reused by another process does not count).
service_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f $file ]] || return 1
  pid="$(cat -- "$file")"
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(config_file "$1") --allow-no-auth start --service=$1" || return 1
  echo "$pid"
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

frontend_serving() { "$CLI" operator cluster health --address "$FRONTEND" 2>/dev/null | grep -q SERVING; }

all_running() {
  local service
  for service in "${SERVICES[@]}"; do service_pid "$service" >/dev/null || return 1; done
}

# ---------------------------------------------------------------- build
version_of() { "$1" --version 2>/dev/null | awk '{ print $NF }'; }

ensure_binaries() {
  local wanted="${TEMPORAL_SERVER_VERSION#v}"
  if [[ -x $SERVER && -x $SQL_TOOL && $(version_of "$SERVER") == "$wanted" && $(version_of "$SQL_TOOL") == "$wanted" ]]; then
    return 0
  fi
  command -v go >/dev/null || die "build: go not found; install Go (the server $TEMPORAL_SERVER_VERSION builds with Go 1.26) and run this again"
  local gobin="$ROOT/.tools/go-bin" log="$ROOT/.tools/go-install.log" started=$SECONDS
  mkdir -p "$gobin" "$BIN"
  say "building the Temporal server and its SQL tool $TEMPORAL_SERVER_VERSION with go install (about 6 minutes on two cores the first time) ..."
  # GOTOOLCHAIN=local: this Go builds it, or the step fails here; nothing fetches another toolchain behind the scenes.
  GOBIN="$gobin" GOTOOLCHAIN=local GOFLAGS=-buildvcs=false \
    go install "$TEMPORAL_SERVER_MODULE/cmd/server@$TEMPORAL_SERVER_VERSION" "$TEMPORAL_SERVER_MODULE/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" \
    >"$log" 2>&1 || die "build: go install $TEMPORAL_SERVER_MODULE@$TEMPORAL_SERVER_VERSION failed ($(go version)); see $log"
  # Copied under a temporary name and renamed: another checkout sharing .tools/bin may be running the old binary.
  local name target
  for name in server:temporal-server sql:temporal-sql-tool; do
    target="$BIN/${name#*:}"
    cp -f -- "$gobin/${name%%:*}" "$target.$$.tmp" && chmod 755 "$target.$$.tmp" && mv -f -- "$target.$$.tmp" "$target" \
      || die "build: could not install $target"
  done
  [[ $(version_of "$SERVER") == "$wanted" ]] || die "build: $SERVER reports version '$(version_of "$SERVER")', expected $wanted"
  say "built temporal-server and temporal-sql-tool $wanted in $((SECONDS - started)) s"
}

# The compiled helper that reads the project's own sources (search attributes, dynamic config); built when stale.
SETTINGS_JS="$ROOT/dist/scripts/cluster-settings.js"
ensure_settings_helper() {
  local source
  for source in scripts/cluster-settings.ts workflows/searchAttributes.ts client/devServer.ts client/registerSearchAttributes.ts; do
    if [[ ! -f $SETTINGS_JS || $source -nt $SETTINGS_JS ]]; then
      say "building dist/ (npm run build) for scripts/cluster-settings ..."
      npm run --silent build >"$DIR/logs/build-dist.log" 2>&1 || die "build: npm run build failed; see $DIR/logs/build-dist.log"
      return 0
    fi
  done
}

# ---------------------------------------------------------------- PostgreSQL
PG_USER="" PG_PASSWORD="" PG_ADDRESS="" PG_PORT=""
ensure_postgres() {
  bash scripts/postgres.sh >"$DIR/logs/postgres.log" 2>&1 || die "postgres: scripts/postgres.sh failed: $(tail -n 1 "$DIR/logs/postgres.log")"
  local url
  url="$(sed -n 's/^TEST_DATABASE_URL=//p' data/pg/postgres.env)"
  [[ $url =~ ^postgres://([^:/@]+):([^@]+)@([^:/@]+):([0-9]+)/ ]] \
    || die "postgres: data/pg/postgres.env holds no URL of the form postgres://USER:PASSWORD@HOST:PORT/DB"
  PG_USER="${BASH_REMATCH[1]}" PG_PASSWORD="${BASH_REMATCH[2]}" PG_ADDRESS="${BASH_REMATCH[3]}" PG_PORT="${BASH_REMATCH[4]}"
  local psql
  psql="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql"
  [[ -x $psql ]] || die "postgres: no psql under /usr/lib/postgresql/*/bin"
  local database exists
  for database in "$DATABASE" "$VISIBILITY_DATABASE"; do
    # The password through the environment, not the arguments, where ps would show it.
    exists="$(PGPASSWORD="$PG_PASSWORD" "$psql" -X -tA -h "$PG_ADDRESS" -p "$PG_PORT" -U "$PG_USER" -d postgres \
      -c "SELECT 1 FROM pg_database WHERE datname = '$database'" 2>&1)" || die "postgres: cannot query the databases: $exists"
    if [[ $exists != 1 ]]; then
      PGPASSWORD="$PG_PASSWORD" "$psql" -X -q -h "$PG_ADDRESS" -p "$PG_PORT" -U "$PG_USER" -d postgres \
        -c "CREATE DATABASE \"$database\"" >/dev/null 2>&1 || die "postgres: CREATE DATABASE $database failed"
      say "created database $database"
    fi
  done
}

# The schema the server binary itself embeds (go.temporal.io/server's schema/postgresql/v12/...), so the tables always
# match the server's version; both steps leave a database at the newest version alone.
ensure_schema() {
  local database=$1 schema=$2 log="$DIR/logs/schema.log"
  local tool=(env SQL_PASSWORD="$PG_PASSWORD" "$SQL_TOOL" --plugin postgres12_pgx --ep "$PG_ADDRESS" -p "$PG_PORT" -u "$PG_USER" --db "$database")
  "${tool[@]}" setup-schema -v 0.0 >>"$log" 2>&1 || die "schema: setup-schema of $database failed; see $log"
  "${tool[@]}" update-schema --schema-name "$schema" >>"$log" 2>&1 || die "schema: update-schema of $database ($schema) failed; see $log"
}

# ---------------------------------------------------------------- config
write_config() {
  local service=$1 other
  local datastore="
        pluginName: postgres12_pgx
        connectAddr: \"$PG_ADDRESS:$PG_PORT\"
        connectProtocol: tcp
        user: \"$PG_USER\"
        password: \"$PG_PASSWORD\"
        maxConnLifetime: 1h"
  {
    echo "# Written by scripts/cluster.sh at each start, for the $service service of the cluster in $DIR; do not edit."
    echo "# The four services share everything here but the Prometheus port, which each process binds for itself."
    echo "log:"
    echo "  stdout: true"
    echo "  level: warn"
    echo "persistence:"
    echo "  # 8 history shards: a cluster keeps its shard count for life (it is fixed at the first start). More than one, so"
    echo "  # that villages spread over shards and the history service owns and loses shards as a production one does; few,"
    echo "  # because each shard runs its own task queues and database polling and this machine has two cores."
    echo "  numHistoryShards: 8"
    echo "  defaultStore: postgres-default"
    echo "  visibilityStore: postgres-visibility"
    echo "  datastores:"
    echo "    postgres-default:"
    echo "      sql:"
    echo "        databaseName: \"$DATABASE\"$datastore"
    echo "        maxConns: 20"
    echo "        maxIdleConns: 20"
    echo "    postgres-visibility:"
    echo "      sql:"
    echo "        databaseName: \"$VISIBILITY_DATABASE\"$datastore"
    echo "        maxConns: 10"
    echo "        maxIdleConns: 10"
    echo "global:"
    echo "  membership:"
    echo "    maxJoinDuration: 30s"
    echo "    broadcastAddress: 127.0.0.1"
    echo "  metrics:"
    echo "    prometheus:"
    echo "      framework: tally"
    echo "      timerType: histogram"
    echo "      listenAddress: \"127.0.0.1:$(metrics_port "$service")\""
    echo "services:"
    for other in "${SERVICES[@]}"; do
      echo "  $other:"
      echo "    rpc:"
      echo "      grpcPort: $(grpc_port "$other")"
      echo "      membershipPort: $(membership_port "$other")"
      echo "      bindOnLocalHost: true"
      [[ $other == frontend ]] && echo "      httpPort: $((BASE + 30))"
    done
    echo "clusterMetadata:"
    echo "  enableGlobalNamespace: false"
    echo "  failoverVersionIncrement: 10"
    echo "  masterClusterName: active"
    echo "  currentClusterName: active"
    echo "  clusterInformation:"
    echo "    active:"
    echo "      enabled: true"
    echo "      initialFailoverVersion: 1"
    echo "      rpcName: frontend"
    echo "      rpcAddress: \"$FRONTEND\""
    echo "dcRedirectionPolicy:"
    echo "  policy: noop"
    echo "publicClient:"
    echo "  hostPort: \"$FRONTEND\""
    echo "dynamicConfigClient:"
    echo "  filepath: \"$DIR/config/dynamicconfig.yaml\""
    echo "  pollInterval: 10s"
  } >"$(config_file "$service").tmp"
  mv -f -- "$(config_file "$service").tmp" "$(config_file "$service")"
}

write_configs() {
  node "$SETTINGS_JS" dynamic-config >"$DIR/config/dynamicconfig.yaml" || die "config: node dist/scripts/cluster-settings.js dynamic-config failed"
  local service
  for service in "${SERVICES[@]}"; do write_config "$service"; done
}

# ---------------------------------------------------------------- services
start_service() {
  local service=$1 pid
  if pid="$(service_pid "$service")"; then return 0; fi
  local port
  for port in "$(grpc_port "$service")" "$(membership_port "$service")"; do
    port_open "$port" && die "start $service: port $port on 127.0.0.1 is taken by another program; set ELECTION_CLUSTER_PORT_BASE to move the cluster"
  done
  echo "---- $(date -u +%FT%TZ) start" >>"$(log_file "$service")"
  # Its own session: the service outlives this script and the terminal or Jest run that called it.
  setsid "$SERVER" --config-file "$(config_file "$service")" --allow-no-auth start --service="$service" \
    </dev/null >>"$(log_file "$service")" 2>&1 &
  echo $! >"$(pid_file "$service")"
}

# Waits until the service answers on its gRPC port (the frontend: until it reports SERVING); dies if its process ends.
wait_service() {
  local service=$1 deadline=$((SECONDS + 120))
  until { [[ $service == frontend ]] && frontend_serving; } || { [[ $service != frontend ]] && port_open "$(grpc_port "$service")"; }; do
    service_pid "$service" >/dev/null \
      || die "start $service: the process ended: $(grep -v '^----' "$(log_file "$service")" | tail -n 1 | cut -c1-400) (log: $(log_file "$service"))"
    ((SECONDS < deadline)) || die "start $service: not answering on port $(grpc_port "$service") after 120 s (log: $(log_file "$service"))"
    sleep 0.5
  done
}

stop_service() {
  local service=$1 signal=${2:-TERM} pid deadline
  pid="$(service_pid "$service")" || { rm -f -- "$(pid_file "$service")"; return 0; }
  kill -s "$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -s KILL "$pid" 2>/dev/null || true; fi
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f -- "$(pid_file "$service")"
}

# ---------------------------------------------------------------- namespaces
# default: the tests' namespace; their histories are worth nothing a day later (Temporal's shortest retention).
# election: a closed village's history stays a month after its results, for audit questions, `temporal workflow show`
# and the replay check of a new machine version against real histories; the decisions and outcome are kept for good in
# the store, not in Temporal.
retention_of() { if [[ $1 == "$NAMESPACE" ]]; then echo 30d; else echo 1d; fi; }

ensure_namespace() {
  local namespace=$1 deadline=$((SECONDS + 60)) out
  if ! "$CLI" operator namespace describe --address "$FRONTEND" --namespace "$namespace" >/dev/null 2>&1; then
    out="$("$CLI" operator namespace create --address "$FRONTEND" --namespace "$namespace" --retention "$(retention_of "$namespace")" 2>&1)" \
      || die "namespace $namespace: create failed: $out"
    say "created namespace $namespace (retention $(retention_of "$namespace"))"
  fi
  until "$CLI" workflow list --address "$FRONTEND" --namespace "$namespace" --limit 1 >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "namespace $namespace: created but not usable after 60 s"
    sleep 0.5
  done
  out="$(node "$SETTINGS_JS" search-attributes --address "$FRONTEND" --namespace "$namespace" 2>&1)" \
    || die "search attributes of $namespace: $out"
  say "$out"
}

# ---------------------------------------------------------------- cluster.env
write_env() {
  local service
  {
    echo "# Written by scripts/cluster.sh; do not edit. The cluster in $DIR; the URLs hold the database password."
    echo "TEMPORAL_ADDRESS=$FRONTEND"
    echo "ELECTION_CLUSTER_NAMESPACE=$NAMESPACE"
    echo "ELECTION_CLUSTER_TEST_NAMESPACE=$TEST_NAMESPACE"
    echo "ELECTION_CLUSTER_DIR=$DIR"
    echo "ELECTION_CLUSTER_PORT_BASE=$BASE"
    echo "ELECTION_CLUSTER_PG_URL=postgres://$PG_USER:$PG_PASSWORD@$PG_ADDRESS:$PG_PORT/$DATABASE"
    echo "ELECTION_CLUSTER_VISIBILITY_PG_URL=postgres://$PG_USER:$PG_PASSWORD@$PG_ADDRESS:$PG_PORT/$VISIBILITY_DATABASE"
    for service in "${SERVICES[@]}"; do
      echo "ELECTION_CLUSTER_${service^^}_PID_FILE=$(pid_file "$service")"
      echo "ELECTION_CLUSTER_${service^^}_METRICS=127.0.0.1:$(metrics_port "$service")"
    done
  } >"$ENV_FILE.tmp"
  mv -f -- "$ENV_FILE.tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands
cmd_status() {
  local service pid up=0
  for service in "${SERVICES[@]}"; do
    if pid="$(service_pid "$service")"; then
      say "$service: running, pid $pid, gRPC 127.0.0.1:$(grpc_port "$service")"
      up=$((up + 1))
    else
      say "$service: not running"
    fi
  done
  if ((up == ${#SERVICES[@]})) && frontend_serving; then
    say "up at $FRONTEND (namespaces $TEST_NAMESPACE and $NAMESPACE; settings in ${ENV_FILE#"$ROOT"/})"
    return 0
  fi
  return 1
}

cmd_start() {
  mkdir -p "$DIR/config" "$DIR/logs" "$DIR/run"
  # Up, and set up since the search attributes last changed: nothing to do.
  if all_running && frontend_serving && [[ -f $ENV_FILE && ! workflows/searchAttributes.ts -nt $ENV_FILE ]]; then
    say "already up at $FRONTEND (settings in ${ENV_FILE#"$ROOT"/}; stop with: $STOP_COMMAND)"
    return 0
  fi
  local started=$SECONDS service
  [[ -x $CLI ]] || die "tools: $CLI missing; run scripts/install-tools.sh (scripts/setup.sh runs it)"
  ensure_binaries
  ensure_settings_helper
  ensure_postgres
  ensure_schema "$DATABASE" postgresql/v12/temporal
  ensure_schema "$VISIBILITY_DATABASE" postgresql/v12/visibility
  write_configs
  # History first and alone: each service writes the cluster's metadata row when it finds none, and four at once on a
  # fresh database race for it ("failed to initialize current cluster metadata"); the others then only read it.
  start_service history
  wait_service history
  for service in "${SERVICES[@]}"; do start_service "$service"; done
  for service in "${SERVICES[@]}"; do wait_service "$service"; done
  ensure_namespace "$TEST_NAMESPACE"
  ensure_namespace "$NAMESPACE"
  write_env
  say "up at $FRONTEND in $((SECONDS - started)) s: frontend, history, matching and worker services, PostgreSQL databases $DATABASE and $VISIBILITY_DATABASE (settings in ${ENV_FILE#"$ROOT"/}; stop with: $STOP_COMMAND)"
}

cmd_stop() {
  local service
  # The frontend first, so that no new work comes in while the others stop.
  for service in frontend worker matching history; do stop_service "$service"; done
  say "stopped (PostgreSQL keeps running: bash scripts/postgres.sh stop)"
}

cmd_restart_service() {
  local service=${1:-}
  service_index "$service" >/dev/null || die "restart-service: got '$service'; expected frontend, history, matching or worker"
  [[ -f $(config_file "$service") ]] || die "restart-service $service: no cluster in $DIR (run bash scripts/cluster.sh first)"
  stop_service "$service" KILL
  say "$service killed"
  start_service "$service"
  wait_service "$service"
  say "$service restarted, pid $(service_pid "$service")"
}

case ${1:-start} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart-service) cmd_restart_service "${2:-}" ;;
  *) die "arguments: got '$1'; expected start, stop, status or restart-service <frontend|history|matching|worker>" ;;
esac
