#!/usr/bin/env bash
# Adds an EF Core migration for a model change, then regenerates the compiled model: scripts/add-migration.sh <Name>
# The ef tool is built for .NET 8/9 runtimes; this machine has only .NET 10, hence the roll-forward.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
DOTNET_ROLL_FORWARD=Major dotnet ef migrations add "$1" \
  --project PaySessions.Core --startup-project tools/PaySessions.Design --output-dir Persistence/Migrations
scripts/optimize-model.sh
