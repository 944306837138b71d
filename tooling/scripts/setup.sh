#!/usr/bin/env bash
# Installs what a fresh Debian machine with Node 20 lacks, then the workspace's dependencies.
#   bash tooling/scripts/setup.sh            pnpm + dependencies
#   bash tooling/scripts/setup.sh --browser  also Debian's Chromium, for the browser tests
# Nothing here downloads a browser or binary of its own: pnpm comes from the npm registry,
# Chromium from Debian.
set -euo pipefail
cd "$(dirname "$0")/../.."

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION from the npm registry"
  npm install --global --save-exact "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Chromium from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

pnpm install --frozen-lockfile
