#!/usr/bin/env bash
# Benchmarks: prints "RESULT <name>=<value> <unit>" lines so runs can be compared.
#   ./bench.sh core     node core: allocation per QR scan / BLE advertisement, wire and queue bytes per record
#   ./bench.sh ingest   raw Mosquitto baseline, the gateway on its embedded broker and on Mosquitto: rate, latency, RSS
#   ./bench.sh upload   provincial upload: 1,000,000-record backlog drain time, records/s, wire bytes/record
#   ./bench.sh all      all of the above
set -uo pipefail
cd "$(dirname "$0")"
source scripts/prereqs.sh
verb=${1:-}
case "$verb" in
  core|ingest|upload|all) ;;
  -h|--help|"") sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; [ -n "$verb" ]; exit $? ;;
  *) echo "unknown benchmark '$verb' (see ./bench.sh --help)" >&2; exit 2 ;;
esac
ensure_prereqs "${CHECKPOINT_BENCH_PACKAGES[@]}" || exit 1
echo "bench: building tests/CheckpointIoT.Benchmarks (Release)..."
dotnet build tests/CheckpointIoT.Benchmarks -c Release -nologo -clp:ErrorsOnly -v q || exit 1
run() { dotnet tests/CheckpointIoT.Benchmarks/bin/Release/net10.0/checkpoint-bench.dll "$@"; }
if [ "$verb" = all ]; then
  for v in core ingest upload; do run "$v" || exit 1; done
else
  shift
  run "$verb" "$@"
fi
