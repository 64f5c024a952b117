#!/usr/bin/env bash
# Starts the POS in Development: SQLite under ./data, the demo merchant and its keys (printed at start).
# Extra arguments go to the app, e.g. scripts/run.sh --urls http://0.0.0.0:5080 to let phones on your LAN reach it
# (then also set Pos__PublicBaseUrl=http://<this machine's LAN address>:5080 so the QR codes point there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# dotnet run starts the app in the project folder; keep the database beside this checkout's top level instead.
export Storage__DatabasePath="${Storage__DatabasePath:-$PWD/data/paysessions.dev.db}"
if [ "$#" -eq 0 ]; then
  set -- --urls http://127.0.0.1:5080
fi
echo "PaySessions: cashier terminal at http://127.0.0.1:5080/pos (Ctrl+C stops it)"
exec dotnet run --project PaySessions.Pos --no-launch-profile -- "$@"
