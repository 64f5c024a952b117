#!/usr/bin/env bash
# Chain monitor benchmark: 10,000 open payments on one network (real anvil, real SQLite, the real monitor).
# Prints RPC calls per scanned block and the detection latency, with a head subscription and with polling.
#   scripts/bench.sh [open payments, default 10000] [measured payments, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet run -c Release --project tests/PaySessions.Benchmarks -- "$@"
