#!/usr/bin/env bash
# with-kumo-serve.sh COMMAND [ARGS...] - run COMMAND against a `kumo serve` started for it alone.
#
# The service gets its own state dir (under $KUMO_TEST_STATE_ROOT, default /var/lib/kumo, as
# test-serve-<random>: QEMU's user must traverse it, and /var/lib/kumo's own files, the demo's,
# are never touched), its own free loopback port, compute host name and generated passwords, and
# writes its clouds.yaml and openrc into that dir. COMMAND sees:
#   KUMO_CLOUDS_YAML   the clouds file (clouds kumo-admin, kumo-demo)
#   KUMO_OPENRC        the admin's openrc
#   KUMO_API_URL       http://127.0.0.1:<port>
#   KUMO_SERVE_LOG     the service's log file
#   KUMO_SERVE_BRIDGE, KUMO_SERVE_HOST   with the agent: its integration bridge and compute host name
# Afterwards the service gets SIGTERM (then SIGKILL after $KUMO_SERVE_STOP_TIMEOUT s), every libvirt
# domain it left is destroyed and undefined, and the state dir is removed (kept with
# KUMO_KEEP_STATE=1, for a post-mortem). Exit status: COMMAND's.
# KUMO_SERVE_DRIVER=libvirt (default) | fake. The built CLI is needed (make build).
# KUMO_SERVE_NETWORK_AGENT=1 (default 0) runs the network agent (OVS, iptables; dnsmasq unless
# KUMO_SERVE_DHCP=0) on an integration bridge and chain prefix of this run alone (kbs<id>, ks<id>), so
# that servers on a network get their ports plugged and ACTIVE; bridge, chains and any qdhcp namespace
# on that bridge are removed afterwards. Without it a server with a port fails its build after
# KUMO_SERVE_VIF_PLUGGING_TIMEOUT (120 s, Nova's vif_plugging_timeout) waiting for network-vif-plugged.
# The test guests are tiny (1 vCPU, 256 MiB, idle): the host may hold 16 vCPUs per core
# (KUMO_SERVE_CPU_ALLOCATION_RATIO), as Tempest at concurrency 2 keeps ~10 servers at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dll=$repo/src/Kumo.Cli/bin/Release/net10.0/kumo.dll
driver=${KUMO_SERVE_DRIVER:-libvirt}
start_timeout=${KUMO_SERVE_START_TIMEOUT:-60}
stop_timeout=${KUMO_SERVE_STOP_TIMEOUT:-45}
(($# > 0)) || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
[[ -f $dll ]] || { echo "with-kumo-serve: kumo is not built ($dll): run 'make build'" >&2; exit 1; }

root=${KUMO_TEST_STATE_ROOT:-/var/lib/kumo}
mkdir -p "$root"
state=$(mktemp -d "$root/test-serve-XXXXXX")
chmod 0755 "$state"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
metadata_port=$(free_port)   # the metadata service (with the agent): not the demo's 8775
host=test-serve-${state##*-}
agent=${KUMO_SERVE_NETWORK_AGENT:-0}
run_id=$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')
bridge=kbs$run_id chain_prefix=ks$run_id
export KUMO_CLOUDS_YAML=$state/clouds.yaml KUMO_OPENRC=$state/admin-openrc.sh
export KUMO_API_URL=http://127.0.0.1:$port KUMO_SERVE_LOG=$state/log/kumo.log
# With the agent: where COMMAND may plug a probe (cli-scenario-network.sh pings servers from one).
if [[ $agent == 1 ]]; then export KUMO_SERVE_BRIDGE=$bridge KUMO_SERVE_HOST=$host; fi

# What the agent leaves on purpose at its stop (bridge, chains) or a crash left (a network's namespace):
# only this run's, found by its bridge and chain prefix.
remove_agent_state() {
  local ns dev chain
  for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^qdhcp-/ {print $1}'); do
    for dev in $(ip -n "$ns" -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
      if ovs-vsctl --timeout=5 port-to-br "$dev" 2>/dev/null | grep -qx "$bridge"; then ip netns delete "$ns"; break; fi
    done
  done
  while iptables -w -D FORWARD -j "$chain_prefix-FORWARD" 2>/dev/null; do :; done
  local chains
  chains=$(iptables-save -t filter 2>/dev/null | sed -n "s/^:\($chain_prefix-[^ ]*\) .*/\1/p")
  for chain in $chains; do iptables -w -F "$chain"; done
  for chain in $chains; do iptables -w -X "$chain"; done
  ovs-vsctl --timeout=10 --if-exists del-br "$bridge" 2>/dev/null || true
}

pid=""
stop() {
  local rc=$?
  set +e
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for ((i = 0; i < stop_timeout * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "with-kumo-serve: kumo serve ignored SIGTERM for ${stop_timeout} s: killing it" >&2; kill -KILL "$pid"; }
    wait "$pid" 2>/dev/null
  fi
  # Guests this service left behind: every domain whose files live in its state dir.
  # Swept until one pass finds none: a sweep right after the exit has been seen to miss guests
  # whose start libvirtd was still completing.
  if [[ $driver == libvirt ]] && command -v virsh >/dev/null; then
    for ((pass = 0; pass < 5; pass++)); do
      found=0
      for d in $(virsh -c qemu:///system list --all --name 2>/dev/null | grep '^instance-' || true); do
        if virsh -c qemu:///system dumpxml "$d" 2>/dev/null | grep -qF "$state/"; then
          found=1
          virsh -c qemu:///system destroy "$d" >/dev/null 2>&1
          virsh -c qemu:///system undefine "$d" --nvram >/dev/null 2>&1 || virsh -c qemu:///system undefine "$d" >/dev/null 2>&1
          echo "with-kumo-serve: removed leftover domain $d" >&2
        fi
      done
      ((found)) || break
      sleep 2
    done
  fi
  [[ $agent == 1 ]] && remove_agent_state
  if [[ ${KUMO_KEEP_STATE:-0} == 1 ]]; then echo "with-kumo-serve: state kept in $state" >&2; else rm -rf "$state"; fi
  exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Only this environment configures the service: no /etc/kumo/kumo.json, no inherited KUMO__*.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^KUMO__' || true)
KUMO_CONFIG=$state/kumo.json
echo '{}' >"$KUMO_CONFIG"
KUMO_CONFIG=$KUMO_CONFIG \
KUMO__STATEDIR=$state \
KUMO__VIRTDRIVER=$driver \
KUMO__API__LISTEN=$KUMO_API_URL \
KUMO__DASHBOARD__LISTEN= \
KUMO__METADATA__LISTEN=http://127.0.0.1:$metadata_port \
KUMO__COMPUTE__HOST=$host \
KUMO__COMPUTE__CPUALLOCATIONRATIO=${KUMO_SERVE_CPU_ALLOCATION_RATIO:-16} \
KUMO__IDENTITY__ADMINPASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=') \
KUMO__IDENTITY__DEMOPASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=') \
KUMO__IDENTITY__CLOUDSYAMLPATH=$KUMO_CLOUDS_YAML \
KUMO__IDENTITY__OPENRCPATH=$KUMO_OPENRC \
KUMO__NETWORKAGENT__ENABLED=$([[ $agent == 1 ]] && echo true || echo false) \
KUMO__NETWORKAGENT__CHAINPREFIX=$chain_prefix \
KUMO__NETWORKAGENT__ENABLEDHCP=$([[ ${KUMO_SERVE_DHCP:-1} == 1 ]] && echo true || echo false) \
KUMO__OVS__INTEGRATIONBRIDGE=$bridge \
KUMO__DEFAULT__VIF_PLUGGING_TIMEOUT=${KUMO_SERVE_VIF_PLUGGING_TIMEOUT:-120} \
  dotnet "$dll" serve --pid-file "$state/kumo.pid" --log-file "$KUMO_SERVE_LOG" >"$state/serve.out" 2>&1 &
pid=$!

deadline=$((SECONDS + start_timeout))
until curl -sf -o /dev/null --max-time 2 "$KUMO_API_URL/healthcheck"; do
  if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
    echo "with-kumo-serve: kumo serve did not become ready on $KUMO_API_URL within ${start_timeout} s; its output:" >&2
    tail -n 30 "$state/serve.out" >&2
    exit 1
  fi
  sleep 0.2
done
# The clouds file is written by the bootstrap, which may finish just after the listener is up.
deadline=$((SECONDS + 15))
until [[ -s $KUMO_CLOUDS_YAML ]] || ((SECONDS >= deadline)); do sleep 0.2; done
[[ -s $KUMO_CLOUDS_YAML ]] || echo "with-kumo-serve: warning: no clouds file at $KUMO_CLOUDS_YAML (identity bootstrap missing?)" >&2
echo "with-kumo-serve: kumo serve ($driver, network agent $([[ $agent == 1 ]] && echo "on bridge $bridge, chains $chain_prefix-*" || echo off)) on $KUMO_API_URL, state $state" >&2

"$@"
