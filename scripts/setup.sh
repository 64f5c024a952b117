#!/usr/bin/env bash
# Installs what the POS and its tests need on a fresh Debian machine, and nothing twice.
#   scripts/setup.sh            everything the app needs to run
#   scripts/setup.sh --tests    plus the browser the tests drive and the Node tools they run (tests/js/)
set -euo pipefail
cd "$(dirname "$0")/.."

need_browser=false
[ "${1:-}" = "--tests" ] && need_browser=true

if $need_browser && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The local dev chain: anvil and solc-js from npm, and our demo token compiled once.
if [ ! -x devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil ] || [ devchain/package-lock.json -nt devchain/node_modules/.package-lock.json ]; then
  echo "setup: installing the dev chain (npm ci in devchain/)"
  (cd devchain && npm ci --no-audit --no-fund --loglevel=error)
fi
(cd devchain && node build.mjs >/dev/null)

# Node tools the tests run (OpenAPI validator, webhook receiver, hub client); only with --tests.
if $need_browser && { [ ! -d tests/js/node_modules/@apidevtools/swagger-parser ] || [ tests/js/package-lock.json -nt tests/js/node_modules/.package-lock.json ]; }; then
  echo "setup: installing the test tools (npm ci in tests/js/)"
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi

# The load generators of the speed benchmark (autocannon, the SignalR client); its smoke run is one of the tests.
if $need_browser && { [ ! -d bench/js/node_modules/autocannon ] || [ bench/js/package-lock.json -nt bench/js/node_modules/.package-lock.json ]; }; then
  echo "setup: installing the benchmark's load generators (npm ci in bench/js/)"
  (cd bench/js && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet tool restore >/dev/null
dotnet restore PaySessions.sln --verbosity quiet
