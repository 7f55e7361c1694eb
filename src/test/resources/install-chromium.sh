#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for DashboardBrowserTest. Idempotent: does nothing when both
# binaries exist. Needs root (or passwordless sudo); prints apt's output only when it fails.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-chromium: not root and no passwordless sudo; install chromium and chromium-driver by hand" >&2
    exit 1
  fi
fi
# Browser test classes run in parallel JVMs (surefire forkCount): one install at a time, and the others then find
# the binaries. apt also waits for a dpkg lock another process holds instead of failing at once.
exec 9>"${TMPDIR:-/tmp}/stt-gateway-install-chromium.lock"
flock -w 900 9 || { echo "install-chromium: another install held the lock for 15 minutes" >&2; exit 1; }
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q \
    && $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium chromium-driver; } \
    >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "install-chromium: apt-get install chromium chromium-driver failed" >&2
  exit 1
fi
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "install-chromium: installed, but /usr/bin/chromium or /usr/bin/chromedriver is missing" >&2
  exit 1
fi
