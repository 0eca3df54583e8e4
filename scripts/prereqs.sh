#!/usr/bin/env bash
# Installs what CheckpointIoT needs at run and test time, only what is missing, and says what it does.
# Sourced by demo.sh, test.sh and bench.sh; each passes the Debian packages it needs:
#   demo.sh   none: the gateway embeds its MQTT broker (MQTTnet), so the demo needs no broker package
#   test.sh   mosquitto + mosquitto-clients (external-broker mode and independent MQTT clients), socat (pty pairs)
#   bench.sh  mosquitto + mosquitto-clients (the raw broker baseline and external mode)

CHECKPOINT_TEST_PACKAGES=(mosquitto mosquitto-clients socat)
CHECKPOINT_BENCH_PACKAGES=(mosquitto mosquitto-clients)
CHECKPOINT_FUZZ_PACKAGES=(afl++)

# ensure_prereqs [package ...]: checks the .NET SDK, then apt-installs the named packages that are missing.
ensure_prereqs() {
  local CHECKPOINT_APT_PACKAGES=("$@")
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK (10.0) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    return 1
  fi
  local missing=()
  local pkg
  for pkg in "${CHECKPOINT_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#CHECKPOINT_APT_PACKAGES[@]} -eq 0 ]; then
    echo "prerequisites: the .NET SDK $(dotnet --version 2>/dev/null) is here; nothing else to install"
    return 0
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    echo "prerequisites: ${CHECKPOINT_APT_PACKAGES[*]} already installed"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "error: missing packages ${missing[*]} and no sudo: install them as root: apt-get install ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "prerequisites: installing ${missing[*]} with apt-get (Debian packages)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || echo "warning: apt-get update failed; trying the install anyway" >&2
  # A freshly installed mosquitto service may start on port 1883; the tests start their own brokers on free ports,
  # and the gateway's embedded broker moves to the next free port when 1883 is taken.
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/checkpoint-apt.log 2>&1; then
    echo "error: apt-get install ${missing[*]} failed; see /tmp/checkpoint-apt.log" >&2
    tail -n 5 /tmp/checkpoint-apt.log >&2
    return 1
  fi
  echo "prerequisites: installed ${missing[*]}"
}
