#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that take outside bytes: SharpFuzz instruments the node core, afl++ drives
# tests/CheckpointIoT.Fuzz, seeded with valid inputs written by the project's own encoders. Prints per parser
#   RESULT fuzz_<parser>_execs=<n> count   and   RESULT fuzz_<parser>_crashes=<n> count   (crashes + hangs)
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
usage: ./fuzz.sh [--execs N | --minutes M] [--out DIR] [parser ...]
  --execs N     stop each parser after N executions (default 10000000)
  --minutes M   stop each parser after M minutes instead
  --out DIR     afl++ output (default data/fuzz); crashing inputs land in DIR/<parser>/default/crashes
  parsers       any of: wire qr ble improv zone config (default: all, one after the other)
Installs afl++ (Debian) when missing. Every crash or hang found must become a regular test.
USAGE
}

EXECS=10000000
MINUTES=""
OUT=data/fuzz
PARSERS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --execs) EXECS="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) PARSERS+=("$1"); shift ;;
  esac
done
[ ${#PARSERS[@]} -gt 0 ] || PARSERS=(wire qr ble improv zone config)

source scripts/prereqs.sh
ensure_prereqs "${CHECKPOINT_FUZZ_PACKAGES[@]}"

BIN=tests/CheckpointIoT.Fuzz/bin/fuzz
dotnet tool restore >/dev/null
rm -rf "$BIN"  # never reuse an instrumented core
dotnet publish tests/CheckpointIoT.Fuzz/CheckpointIoT.Fuzz.csproj -c Release -o "$BIN" --nologo -v q >/dev/null
# Seeds first: the instrumented core only runs under afl-fuzz (it writes to afl's shared memory).
for parser in "${PARSERS[@]}"; do
  rm -rf "${OUT:?}/$parser"; mkdir -p "$OUT/$parser/seeds"
  dotnet "$BIN/CheckpointIoT.Fuzz.dll" "$parser" --seeds "$OUT/$parser/seeds"
done
# Instrument the assembly under test (the fuzz harness itself stays uninstrumented).
dotnet tool run sharpfuzz "$BIN/CheckpointIoT.Node.Core.dll" >/dev/null

export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1
for parser in "${PARSERS[@]}"; do
  dir="$OUT/$parser"
  limit=(-E "$EXECS"); [ -n "$MINUTES" ] && limit=(-V "$((MINUTES * 60))")
  echo "fuzz: $parser (${limit[*]})"
  start=$(date +%s)
  # -t: per-input time bound in ms; a .NET start-up sits outside it (the fork server starts once).
  afl-fuzz -i "$dir/seeds" -o "$dir" -t 5000 -m none "${limit[@]}" -- dotnet "$BIN/CheckpointIoT.Fuzz.dll" "$parser" \
    >"$dir/afl.log" 2>&1 || { echo "afl-fuzz failed for $parser; see $dir/afl.log" >&2; tail -n 20 "$dir/afl.log" >&2; exit 1; }
  stats="$dir/default/fuzzer_stats"
  execs=$(awk -F: '/^execs_done/ {gsub(/ /,"",$2); print $2}' "$stats")
  crashes=$(awk -F: '/^(saved_crashes|unique_crashes|saved_hangs|unique_hangs)/ {gsub(/ /,"",$2); n+=$2} END {print n+0}' "$stats")
  seconds=$(( $(date +%s) - start ))
  echo "fuzz: $parser $execs execs in ${seconds} s ($(( execs / (seconds > 0 ? seconds : 1) )) execs/s)"
  echo "RESULT fuzz_${parser}_execs=$execs count"
  echo "RESULT fuzz_${parser}_crashes=$crashes count"
done
