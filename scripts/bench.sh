#!/usr/bin/env bash
# Benchmarks, Release build, results in bench/results/.
#   scripts/bench.sh [--smoke]                 the speed table (issue 12): API, picks, hub, chain, RSS, start → bench/results/speed.md/.json
#   scripts/bench.sh chain [open] [measured]   only the chain monitor: RPC calls per block and detection latency (default 10000 100)
#   scripts/bench.sh start [--runs N]         start to first answer and idle RSS only, against a prepared database
#   scripts/bench.sh serve                    the app on a prepared database and local chain, for profiling by hand
#   scripts/bench.sh history [--smoke] [...]   the session-history queries and CSV export at 1,000,000 sessions
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ ! -d bench/js/node_modules/autocannon ] || [ bench/js/package-lock.json -nt bench/js/node_modules/.package-lock.json ]; then
  (cd bench/js && npm ci --no-audit --no-fund --loglevel=error)
fi
case "${1:-speed}" in
  chain) shift; exec dotnet run -c Release --project tests/PaySessions.Benchmarks -- "$@" ;;
  start|serve|history|history-export) exec dotnet run -c Release --project tests/PaySessions.Benchmarks -- "$@" ;;
  *)
    [ "${1:-}" = speed ] && shift
    # The full table also times the build a shop runs (scripts/publish.sh: ReadyToRun); the smoke run skips it.
    if [[ " $* " != *" --smoke "* ]]; then
      scripts/publish.sh bench/.published > /dev/null
      export BENCH_PUBLISHED_HOST="$PWD/bench/.published/PaySessions.Pos"
    fi
    exec dotnet run -c Release --project tests/PaySessions.Benchmarks -- speed "$@" ;;
esac
