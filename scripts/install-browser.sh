#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests (test/ui/) and for printing the election's papers to PDF
# (common/pdf.ts: the desk's and `election print --out FILE.pdf`), all driven by playwright-core: that package never
# downloads a browser of its own.
#
# Resolution order:
#   1. $CHROMIUM_PATH, if set (it must be an executable file, else this fails)
#   2. a `chromium` already on PATH
#   3. Debian's package: apt-get update, then apt-get install chromium (needs root). Without its
#      Recommends: they pull in some 100 packages, among them a systemd upgrade that can leave dpkg
#      half-configured. The fonts a screenshot or a paper needs are named instead (Latin; Chinese sans-serif for
#      the desk's stage terms; a Chinese serif, AR PL UMing, for the printed papers: at 8 MB the smallest Debian
#      package with a Simplified Chinese 宋体-style face, where fonts-noto-cjk is 56 MB); with a Chromium already
#      there, missing fonts are added when possible, never required.
# Fails with a message, never skips: a machine without a browser must not pass the UI test silently.
#
# Idempotent; with Chromium already installed it only checks it and takes well under a second.
set -euo pipefail

FONTS=(fonts-liberation fonts-wqy-microhei fonts-arphic-uming)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
APT_LOG="$ROOT/.tools/apt-chromium.log"

say() { printf 'install-browser: %s\n' "$*"; }
die() { printf 'install-browser: ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the version line of the browser at $1, or fails if it does not start.
version_of() { "$1" --version 2>/dev/null | head -n 1; }

can_apt() { [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; }

apt_get() {
  mkdir -p "$(dirname "$APT_LOG")"
  # Waits for a dpkg/apt lock held by another install instead of failing at once.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@" >>"$APT_LOG" 2>&1
}

# The packages among $@ that dpkg does not list as installed.
not_installed() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q ' installed$' || printf '%s\n' "$package"
  done
}

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -f "$CHROMIUM_PATH" && -x "$CHROMIUM_PATH" ]] \
    || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file (unset it to install Debian's chromium)"
  say "chromium: $CHROMIUM_PATH  [\$CHROMIUM_PATH]"
  exit 0
fi

if found="$(command -v chromium 2>/dev/null)"; then
  version="$(version_of "$found")" || die "$found is on PATH but does not start (try: $found --version)"
  say "chromium: $found  [$version]"
  command -v dpkg-query >/dev/null 2>&1 || exit 0
  mapfile -t fonts < <(not_installed "${FONTS[@]}")
  (( ${#fonts[@]} == 0 )) && exit 0
  if can_apt && { apt_get install -y --no-install-recommends "${fonts[@]}" \
                  || { apt_get update && apt_get install -y --no-install-recommends "${fonts[@]}"; }; }; then
    say "fonts for the screenshots and papers installed: ${fonts[*]}"
  else
    say "note: fonts ${fonts[*]} are missing (screenshots and printed papers may show boxes or another face for Chinese text); Chromium runs without them"
  fi
  exit 0
fi

[[ "$(id -u)" == 0 ]] \
  || die "chromium is not installed and installing it needs root: run 'apt-get update && apt-get install -y chromium' as root, or set CHROMIUM_PATH to a Chromium binary"
command -v apt-get >/dev/null 2>&1 \
  || die "chromium is not installed and there is no apt-get here: install Chromium and set CHROMIUM_PATH to its binary"

: >"$APT_LOG"
say "apt-get update ..."
apt_get update || { tail -n 20 "$APT_LOG" >&2; die "apt-get update failed (full log: $APT_LOG)"; }
install_chromium() { apt_get install -y --no-install-recommends chromium "${FONTS[@]}"; }
say "apt-get install chromium ${FONTS[*]} (a minute on a fresh machine) ..."
if ! install_chromium; then
  # An interrupted earlier install leaves dpkg half-configured: repair it, then try once more.
  say "apt-get install failed; repairing dpkg (dpkg --configure -a, apt-get -f install) and trying again ..."
  DEBIAN_FRONTEND=noninteractive dpkg --configure -a >>"$APT_LOG" 2>&1 || true
  apt_get -f install -y || true
  install_chromium || { tail -n 20 "$APT_LOG" >&2; die "apt-get install chromium failed twice (full log: $APT_LOG)"; }
fi

found="$(command -v chromium 2>/dev/null)" || die "apt-get installed chromium but no 'chromium' is on PATH (full log: $APT_LOG)"
version="$(version_of "$found")" || die "$found was installed but does not start (try: $found --version)"
say "chromium: $found  [$version, installed now]"
