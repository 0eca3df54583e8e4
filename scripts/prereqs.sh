#!/usr/bin/env bash
# Installs what CheckpointIoT needs at run and test time, only what is missing, and says what it does.
# Sourced by demo.sh, test.sh and bench.sh.

CHECKPOINT_APT_PACKAGES=(mosquitto mosquitto-clients libmosquitto1 socat libgpiod2)

ensure_prereqs() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK (10.0) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    return 1
  fi
  local missing=()
  local pkg
  for pkg in "${CHECKPOINT_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
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
  # policy-rc.d keeps a freshly installed mosquitto service from being started where that is possible;
  # the gateway starts and configures its own broker (and copes with one already holding port 1883).
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/checkpoint-apt.log 2>&1; then
    echo "error: apt-get install ${missing[*]} failed; see /tmp/checkpoint-apt.log" >&2
    tail -n 5 /tmp/checkpoint-apt.log >&2
    return 1
  fi
  echo "prerequisites: installed ${missing[*]}"
}
