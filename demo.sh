#!/usr/bin/env bash
# Runs the whole CheckpointIoT system on this machine on embedded defaults:
#   reference provincial API (127.0.0.1:8090) + gateway (127.0.0.1:8080, with its embedded MQTT broker
#   on 127.0.0.1:1883 and SQLite store under ./data) + 3 simulated door nodes making check-ins at a steady rate.
# Needs only the .NET SDK (and curl, installed with apt when missing): no broker package. Ctrl-C stops everything it started.
#
#   ./demo.sh                 run until Ctrl-C
#   ./demo.sh --duration 60   run 60 s, print the provincial stats, stop
#   ./demo.sh --help
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/prereqs.sh

duration=0
nodes=${DEMO_NODES:-3}
rate=${DEMO_RATE:-0.5}
gateway_port=${GATEWAY_PORT:-8080}
provincial_port=${PROVINCIAL_PORT:-8090}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
    --rate) rate=${2:?--rate needs scans per second}; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; echo "Environment: GATEWAY_PORT (8080), PROVINCIAL_PORT (8090), DEMO_NODES (3), DEMO_RATE (0.5 scans/s per node)"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

data="$root/data"
logs="$data/logs"
mkdir -p "$logs"
# The demo supervises its components as systemd does in production (Restart=on-failure): a component that dies
# is logged and restarted after 2 s; more than 5 restarts of one component within a minute stops the demo.
declare -A pid_of=() restarts_of=()

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping everything it started..."
  local pid
  for pid in "${pid_of[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${pid_of[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.2
  done
  for pid in "${pid_of[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  echo "demo: stopped. Data is kept in $data (delete it to start afresh)."
}
trap cleanup INT TERM EXIT

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_http() { # url seconds name
  local url=$1 seconds=$2 name=$3
  for _ in $(seq 1 $((seconds * 5))); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "demo: $name did not answer $url within ${seconds}s; last log lines:" >&2
  tail -n 20 "$logs/$name.log" >&2
  return 1
}

echo "== CheckpointIoT demo =="
ensure_prereqs curl || exit 1
for p in "$gateway_port" "$provincial_port"; do
  if port_busy "$p"; then echo "demo: port $p on 127.0.0.1 is already in use (another demo running?). Set GATEWAY_PORT / PROVINCIAL_PORT." >&2; exit 1; fi
done

echo "demo: building (Release)..."
dotnet build CheckpointIoT.sln -c Release -nologo -clp:ErrorsOnly -v q || { echo "demo: build failed" >&2; exit 1; }
bin() { echo "$root/$1/bin/Release/net10.0/$2.dll"; }

start_provincial() {
  dotnet "$(bin gateway/CheckpointIoT.ProvincialApi checkpoint-provincial-api)" \
    --urls "http://127.0.0.1:$provincial_port" --db "$data/provincial.db" >>"$logs/provincial.log" 2>&1 &
  pid_of[provincial]=$!
}
: >"$logs/provincial.log"; : >"$logs/gateway.log"; : >"$logs/nodes.log"
echo "demo: starting the reference provincial API on http://127.0.0.1:$provincial_port (log: data/logs/provincial.log)"
start_provincial
wait_http "http://127.0.0.1:$provincial_port/v1/stats" 60 provincial || exit 1

start_gateway() {
  dotnet "$(bin gateway/CheckpointIoT.Gateway checkpoint-gateway)" \
    --urls "http://127.0.0.1:$gateway_port" \
    --Gateway:DataDirectory "$data/gateway" \
    --Gateway:Upload:BaseUrl "http://127.0.0.1:$provincial_port" \
    --Gateway:Upload:Checkpoints:cp-demo-1:Name "Demo office, main door" \
    --Gateway:Upload:Checkpoints:cp-demo-1:Unit "Demo Company Ltd" \
    --Gateway:Upload:Checkpoints:cp-demo-1:District "Hai Ba Trung" \
    --Gateway:Indicator:Mode simulated >>"$logs/gateway.log" 2>&1 &
  pid_of[gateway]=$!
}
echo "demo: starting the gateway on http://127.0.0.1:$gateway_port with its embedded MQTT broker (log: data/logs/gateway.log)"
start_gateway
wait_http "http://127.0.0.1:$gateway_port/health" 90 gateway || exit 1
broker=$(curl -fsS "http://127.0.0.1:$gateway_port/health" | grep -o '"port":[0-9]*' | head -n 1 | cut -d: -f2)

start_nodes() {
  dotnet "$(bin firmware/CheckpointIoT.Node.Host checkpoint-node-sim)" \
    --gateway "http://127.0.0.1:$gateway_port" --admin-token-file "$data/gateway/admin.token" \
    --nodes "$nodes" --rate "$rate" --data-dir "$data/sim" \
    --ble-replay "$root/firmware/CheckpointIoT.Node.Host/samples/door-beacons.txt" >>"$logs/nodes.log" 2>&1 &
  pid_of[nodes]=$!
}
echo "demo: starting $nodes simulated nodes, $rate scans/s each (log: data/logs/nodes.log)"
start_nodes

cat <<EOT

Running:
  gateway            http://127.0.0.1:$gateway_port/ (status page)   /health   /metrics   /api/status (admin token: data/gateway/admin.token)
  MQTT broker        127.0.0.1:${broker:-?} (MQTTnet, inside the gateway process; nodes log in with their registry credentials)
  provincial API     http://127.0.0.1:$provincial_port/v1/stats   report: http://127.0.0.1:$provincial_port/reports/district.html
  simulated nodes    $nodes (ids n-sim1..n-sim$nodes), queues in data/sim; BLE beacons replayed from
                     firmware/CheckpointIoT.Node.Host/samples/door-beacons.txt (synthetic)
Data: data/gateway/gateway.db (SQLite), data/provincial.db. Logs: data/logs/.
Try:  curl -s http://127.0.0.1:$provincial_port/v1/stats ; tail -f data/logs/nodes.log
Stop: Ctrl-C
EOT

# supervise: restarts each component that has exited (logged with its exit code), as a systemd unit with
# Restart=on-failure would; the others keep running, so the nodes queue while the gateway is down.
declare -A restart_times_of=()
supervise() {
  local name pid code now recent t
  for name in "${!pid_of[@]}"; do
    pid=${pid_of[$name]}
    kill -0 "$pid" 2>/dev/null && continue
    wait "$pid" 2>/dev/null; code=$?
    now=$(date +%s); recent=""
    for t in ${restart_times_of[$name]:-}; do [ $((now - t)) -lt 60 ] && recent="$recent $t"; done
    if [ "$(echo $recent | wc -w)" -ge 5 ]; then
      echo "demo: $name exited (code $code) 5 times within a minute; giving up. Last log lines:" >&2
      tail -n 10 "$logs/$name.log" >&2
      exit 1
    fi
    restarts_of[$name]=$(( ${restarts_of[$name]:-0} + 1 ))
    restart_times_of[$name]="$recent $now"
    echo "demo: $name exited (code $code), restarting in 2 s (restart #${restarts_of[$name]}; log: data/logs/$name.log)" >&2
    echo "--- demo: restart #${restarts_of[$name]} after exit code $code ---" >>"$logs/$name.log"
    sleep 2
    "start_$name"
  done
}

start=$(date +%s)
while true; do
  for _ in 1 2 3 4 5; do sleep 2; supervise; done
  stats=$(curl -fsS "http://127.0.0.1:$provincial_port/v1/stats" 2>/dev/null)
  echo "demo: $(( $(date +%s) - start ))s  $(tail -n 1 "$logs/nodes.log")  | provincial: $stats"
  if [ "$duration" -gt 0 ] && [ $(( $(date +%s) - start )) -ge "$duration" ]; then
    echo "demo: --duration $duration reached"
    echo "provincial /v1/stats: $stats"
    exit 0
  fi
done
