#!/usr/bin/env bash
# The chaos soak: the demo's processes (provincial API, gateway with its embedded broker, one simulator per node)
# at 100 check-ins/s from 10 nodes while a seeded chaos loop SIGKILLs the gateway, the province and single nodes,
# cuts node links at a TCP proxy and fills the gateway's disk (a tmpfs) once; then compares every (node, sequence)
# the nodes enqueued with both stores and prints RESULT lines. Exit 0 when lost = 0 and duplicated = 0.
#
#   ./soak.sh                      10 minutes
#   ./soak.sh --minutes 60 --seed 7
#   ./soak.sh --help               all options (--nodes, --rate, --work-dir)
set -uo pipefail
cd "$(dirname "$0")"
source scripts/prereqs.sh
ensure_prereqs || exit 1
if [ -z "${SOAK_NO_BUILD:-}" ]; then
  dotnet build tests/CheckpointIoT.Soak/CheckpointIoT.Soak.csproj -c Release -nologo -clp:ErrorsOnly -v q || { echo "soak: build failed" >&2; exit 1; }
fi
exec dotnet tests/CheckpointIoT.Soak/bin/Release/net10.0/checkpoint-soak.dll "$@"
