#!/usr/bin/env bash
# Regenerates the compiled EF Core model the app runs on (PaySessions.Core/Persistence/CompiledModel), which starts
# faster than building the model from OnModelCreating. scripts/add-migration.sh runs it after every migration; a test
# (MigrationsInStepTests) fails when it is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
DOTNET_ROLL_FORWARD=Major dotnet ef dbcontext optimize \
  --project PaySessions.Core --startup-project tools/PaySessions.Design \
  --output-dir Persistence/CompiledModel --namespace PaySessions.Core.Persistence.CompiledModel
