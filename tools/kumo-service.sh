#!/usr/bin/env bash
# kumo-service.sh - run `kumo serve` in the background without systemd: a pid file, a log file.
#
#   tools/kumo-service.sh start     start unless already running and ready; wait until /healthcheck is 200
#   tools/kumo-service.sh stop      SIGTERM, wait (in-flight work finishes), SIGKILL after a timeout
#   tools/kumo-service.sh status    exit 0 running and ready, 1 running but not ready, 3 not running
#   tools/kumo-service.sh restart
#
# Settings (environment): KUMO_CONFIG (kumo.json, default /etc/kumo/kumo.json), KUMO_PID_FILE
# (/var/run/kumo/kumo.pid), KUMO_LOG_DIR (/var/log/kumo: kumo.log, and console.log for what is printed
# before logging starts), KUMO_BIN (the built CLI), KUMO_HEALTH_URL (default from Api:Listen),
# KUMO_START_TIMEOUT (120 s), KUMO_STOP_TIMEOUT (45 s: longer than Kumo:ShutdownTimeout's 30 s).
# The network agent is switched on when Open vSwitch answers and nothing says otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PID_FILE=${KUMO_PID_FILE:-/var/run/kumo/kumo.pid}
LOG_DIR=${KUMO_LOG_DIR:-/var/log/kumo}
LOG_FILE=$LOG_DIR/kumo.log
CONSOLE_LOG=$LOG_DIR/console.log
CONFIG=${KUMO_CONFIG:-/etc/kumo/kumo.json}
START_TIMEOUT=${KUMO_START_TIMEOUT:-120}
STOP_TIMEOUT=${KUMO_STOP_TIMEOUT:-45}
if [[ -n ${KUMO_BIN:-} ]]; then
  read -r -a KUMO <<<"$KUMO_BIN"
else
  KUMO=(dotnet "$here/src/Kumo.Cli/bin/Release/net10.0/kumo.dll")
fi

log() { printf 'kumo-service: %s\n' "$*"; }
die() { printf 'kumo-service: ERROR: %s\n' "$*" >&2; exit 1; }
show_log() {
  local f
  for f in "$CONSOLE_LOG"; do
    [[ -s $f ]] && { echo "--- last lines of $f:" >&2; tail -n 25 "$f" >&2; }
  done
  return 0
}

# The health URL: KUMO_HEALTH_URL, else Api:Listen of kumo.json (a wildcard host means loopback).
health_url() {
  if [[ -n ${KUMO_HEALTH_URL:-} ]]; then echo "$KUMO_HEALTH_URL"; return; fi
  local listen=""
  if [[ -n ${KUMO__API__LISTEN:-} ]]; then
    listen=$KUMO__API__LISTEN
  elif [[ -f $CONFIG ]]; then
    listen=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("Api",{}).get("Listen",""))' "$CONFIG" 2>/dev/null || true)
  fi
  listen=${listen:-http://127.0.0.1:8774}
  listen=${listen%/}
  listen=${listen/:\/\/0.0.0.0/://127.0.0.1}; listen=${listen/:\/\/\*/://127.0.0.1}; listen=${listen/:\/\/+/://127.0.0.1}
  echo "$listen/healthcheck"
}

# HTTP status of a GET (curl if there, else bash's /dev/tcp: a fresh Debian has no curl).
http_status() {
  local url=$1
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true
    return
  fi
  local rest=${url#http://} hostport path host port line
  hostport=${rest%%/*}; path=/${rest#*/}; host=${hostport%:*}; port=${hostport##*:}
  [[ $port == "$hostport" ]] && port=80
  exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || { echo 000; return; }
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
  read -r -t 5 line <&3 || line=""
  exec 3<&- 3>&-
  line=${line#HTTP/* }; echo "${line%% *}"
}

# The pid of a running kumo named by the pid file, or nothing (a stale file names a dead process or another program).
running_pid() {
  local pid
  [[ -s $PID_FILE ]] || return 1
  read -r pid <"$PID_FILE" || return 1
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q kumo || return 1
  echo "$pid"
}

ready() { [[ $(http_status "$(health_url)") == 200 ]]; }

# wait_ready PID: until /healthcheck answers 200; fails when PID exits or the timeout passes.
wait_ready() {
  local pid=$1 i
  for ((i = 0; i < START_TIMEOUT * 5; i++)); do
    ready && return 0
    [[ -d /proc/$pid ]] || { show_log; die "kumo serve (pid $pid) exited while starting"; }
    sleep 0.2
  done
  show_log
  die "kumo serve (pid $pid) is not ready at $(health_url) after ${START_TIMEOUT} s"
}

start() {
  local pid
  if pid=$(running_pid); then
    if ready; then log "already running (pid $pid), ready at $(health_url)"; return 0; fi
    log "running (pid $pid) but not ready yet; waiting"
    wait_ready "$pid"
    log "ready at $(health_url)"
    return 0
  fi
  [[ -x ${KUMO[0]} ]] || command -v "${KUMO[0]}" >/dev/null || die "${KUMO[0]} not found (run 'make build')"
  [[ ${KUMO[0]} != dotnet || -f ${KUMO[1]} ]] || die "${KUMO[1]} is not built: run 'make build'"
  mkdir -p "$(dirname "$PID_FILE")" "$LOG_DIR"
  rm -f "$PID_FILE"   # stale (checked above); kumo serve would replace it too
  local config=()
  [[ -f $CONFIG ]] && config=(--config "$CONFIG")
  # The network agent runs where Open vSwitch does (tools/setup-host.sh starts it), so that servers on
  # a network get their ports plugged and network-vif-plugged; NetworkAgent in kumo.json or
  # KUMO__NETWORKAGENT__ENABLED decides instead when given.
  if [[ -z ${KUMO__NETWORKAGENT__ENABLED:-} ]] && ! grep -qs '"NetworkAgent"' "$CONFIG" \
    && ovs-vsctl --timeout=2 show >/dev/null 2>&1; then
    export KUMO__NETWORKAGENT__ENABLED=true
    log "Open vSwitch runs: the network agent is on (br-int)"
  fi
  # setsid: the service outlives this shell and its terminal; stdin from /dev/null.
  setsid "${KUMO[@]}" "${config[@]}" serve --pid-file "$PID_FILE" --log-file "$LOG_FILE" </dev/null >>"$CONSOLE_LOG" 2>&1 &
  pid=$!
  log "started kumo serve (pid $pid), log $LOG_FILE; waiting for $(health_url)"
  wait_ready "$pid"
  log "ready (pid $(running_pid || echo "$pid"))"
}

stop() {
  local pid i
  if ! pid=$(running_pid); then
    [[ -e $PID_FILE ]] && { rm -f "$PID_FILE"; log "removed stale $PID_FILE"; }
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  log "sent SIGTERM to kumo serve (pid $pid); waiting up to ${STOP_TIMEOUT} s"
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    [[ -d /proc/$pid ]] || { log "stopped"; return 0; }
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.2; done
  rm -f "$PID_FILE"
  log "killed kumo serve (pid $pid) after ${STOP_TIMEOUT} s; init_host settles its work at the next start"
}

status() {
  local pid
  if ! pid=$(running_pid); then log "not running"; return 3; fi
  if ready; then log "running (pid $pid), ready at $(health_url)"; return 0; fi
  log "running (pid $pid), not ready at $(health_url) (starting or stopping; see $LOG_FILE)"
  return 1
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
esac
