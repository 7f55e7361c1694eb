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
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver; } \
    >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "install-chromium: apt-get install chromium chromium-driver failed" >&2
  exit 1
fi
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "install-chromium: installed, but /usr/bin/chromium or /usr/bin/chromedriver is missing" >&2
  exit 1
fi
