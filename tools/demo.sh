#!/usr/bin/env bash
# demo.sh - boot the demo server through Kumo's REST API with the real `openstack` CLI (Debian's
# python3-openstackclient) and show it ACTIVE with its console output. `make demo` runs it after
# starting the service (tools/kumo-service.sh start).
#
# Credentials: OS_CLOUD (default kumo-admin) from /etc/openstack/clouds.yaml, which Kumo's identity
# bootstrap writes. Uploads the guest (tools/guest/build-guest.sh) as three images the first time:
# kernel (aki), ramdisk (ari) and the machine image (qcow2) naming them with kernel_id/ramdisk_id.
# The previous demo server is deleted first. Every wait has a timeout: openstackclient 6.0's
# `--wait` never ends when the server goes to ERROR.
set -euo pipefail
shopt -s inherit_errexit   # a failing openstack call inside $(...) stops the demo too

export OS_CLOUD=${OS_CLOUD:-kumo-admin}
GUEST_DIR=${KUMO_GUEST_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/guest/build}
NAME=${KUMO_DEMO_NAME:-kumo-demo}
FLAVOR=${KUMO_DEMO_FLAVOR:-m1.tiny}
IMAGE=kumo-guest
MARKER=KUMO-GUEST-UP
TIMEOUT=${KUMO_DEMO_TIMEOUT:-180}

log() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: ERROR: %s\n' "$*" >&2; exit 1; }

# Debian's tools need Debian's python (the python3 first on PATH may be a pyenv build).
OPENSTACK_BIN=${OPENSTACK_BIN:-/usr/bin/openstack}
[[ -x $OPENSTACK_BIN ]] || die "$OPENSTACK_BIN not found: run tools/setup-host.sh (installs python3-openstackclient)"
os() { timeout 120 /usr/bin/python3 "$OPENSTACK_BIN" "$@"; }

[[ -n ${OS_CLIENT_CONFIG_FILE:-} || -f /etc/openstack/clouds.yaml || -f ~/.config/openstack/clouds.yaml || -f ./clouds.yaml ]] \
  || die "no clouds.yaml (Kumo's identity bootstrap writes /etc/openstack/clouds.yaml when kumo serve starts)"

# until_done SECONDS WHAT COMMAND...: runs COMMAND every second until it prints "done".
until_done() {
  local secs=$1 what=$2 i out
  shift 2
  for ((i = 0; i < secs; i++)); do
    out=$("$@") || true
    [[ $out == done ]] && return 0
    [[ $out == failed* ]] && die "$what: ${out#failed }"
    sleep 1
  done
  die "$what: not done after ${secs} s"
}

# image_id NAME: the id of the active image NAME, uploading it (after removing a broken one) when missing.
image_id() {
  local name=$1 disk=$2 container=$3 file=$4; shift 4
  local id status
  read -r id status < <(os image list --name "$name" -f value -c ID -c Status | head -n 1) || true
  if [[ -n ${id:-} && $status == active ]]; then echo "$id"; return; fi
  [[ -n ${id:-} ]] && { os image delete "$id" >&2; log "deleted image $name ($id, $status)" >&2; }
  [[ -f $GUEST_DIR/$file ]] || die "$GUEST_DIR/$file is missing: run 'make guest' (tools/guest/build-guest.sh)"
  id=$(os image create "$name" --disk-format "$disk" --container-format "$container" --file "$GUEST_DIR/$file" "$@" -f value -c id)
  log "uploaded image $name ($id) from $GUEST_DIR/$file" >&2
  echo "$id"
}

project=$(os token issue -f value -c project_id) || die "cannot log in to cloud $OS_CLOUD (is kumo serve running? tools/kumo-service.sh status)"
log "cloud $OS_CLOUD: token issued for project $project"
kernel=$(image_id "$IMAGE-kernel" aki aki vmlinuz)
ramdisk=$(image_id "$IMAGE-ramdisk" ari ari initramfs.img)
image=$(image_id "$IMAGE" qcow2 bare root.qcow2 --property kernel_id="$kernel" --property ramdisk_id="$ramdisk" --property os_command_line=console=ttyS0)
log "image $IMAGE $image (kernel $kernel, ramdisk $ramdisk)"

server_gone() { os server show "$1" -f value -c id >/dev/null 2>&1 && echo waiting || echo done; }
for old in $(os server list --name "^$NAME\$" -f value -c ID); do
  log "deleting the previous demo server $old"
  os server delete "$old"
  until_done "$TIMEOUT" "delete $old" server_gone "$old"
done

# The demo's network (KUMO_DEMO_NETWORK=none boots without one): a project network with a DHCP
# subnet, made once; the guest asks the network's dnsmasq for its address and prints it.
NETWORK=${KUMO_DEMO_NETWORK:-demo-net}
CIDR=${KUMO_DEMO_CIDR:-10.254.42.0/24}
nic=(--network none)
if [[ $NETWORK != none ]]; then
  if ! os network show "$NETWORK" -f value -c id >/dev/null 2>&1; then
    os network create "$NETWORK" -f value -c id >/dev/null
    log "created network $NETWORK"
  fi
  if [[ -z $(os subnet list --network "$NETWORK" -f value -c ID) ]]; then
    os subnet create "$NETWORK-subnet" --network "$NETWORK" --subnet-range "$CIDR" -f value -c id >/dev/null
    log "created subnet $NETWORK-subnet $CIDR"
  fi
  nic=(--network "$NETWORK")
fi

SECONDS=0
id=$(os server create "$NAME" --flavor "$FLAVOR" --image "$image" "${nic[@]}" -f value -c id)
log "creating server $NAME $id"
server_settled() {
  local status
  status=$(os server show "$1" -f value -c status)
  case $status in
    ACTIVE) echo done ;;
    ERROR) echo "failed server $1 is ERROR: $(os server show "$1" -f value -c fault)" ;;
    *) echo waiting ;;
  esac
}
until_done "$TIMEOUT" "server $NAME" server_settled "$id"
log "ACTIVE after ${SECONDS} s"
os server show "$id" -c id -c name -c status -c addresses -c OS-EXT-STS:vm_state -c OS-EXT-STS:power_state -c OS-EXT-SRV-ATTR:host -c flavor -c image -c created

console_has_marker() { os console log show "$1" | grep -q "$MARKER" && echo done || echo waiting; }
until_done "$TIMEOUT" "console marker $MARKER" console_has_marker "$id"
if [[ $NETWORK != none ]]; then
  console_has_net() { os console log show "$1" | grep -q "KUMO-GUEST-NET" && echo done || echo waiting; }
  until_done "$TIMEOUT" "console marker KUMO-GUEST-NET" console_has_net "$id"
  guest_ip=$(os console log show "$id" | grep -o 'KUMO-GUEST-NET ip=[^ ]*' | head -n 1 | cut -d= -f2 | tr -d '\r')
  port_ip=$(os server show "$id" -f json -c addresses | /usr/bin/python3 -c 'import json,sys; a=json.load(sys.stdin)["addresses"]; print(" ".join(ip for ips in a.values() for ip in ips))')
  [[ $guest_ip == "$port_ip" ]] || die "the guest took address '$guest_ip' by DHCP, its port has '$port_ip'"
  log "network $NETWORK: the guest took its port's address $guest_ip by DHCP"
fi
log "console log (last lines, openstack console log show $NAME):"
os console log show "$id" --lines 12 | cat -v | sed 's/^/  /'   # cat -v: guest bytes may hold escape sequences (busybox's ESC[6n)
log "the server keeps running: openstack server list; remove it with: openstack server delete $NAME"

# The dashboard `kumo serve` runs beside the API (Dashboard:Listen; empty: none) and the demo user's login.
CONFIG=${KUMO_CONFIG:-/etc/kumo/kumo.json}
dashboard=${KUMO__DASHBOARD__LISTEN-$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("Dashboard",{}).get("Listen","http://127.0.0.1:8080"))' "$CONFIG" 2>/dev/null || echo http://127.0.0.1:8080)}
if [[ -n $dashboard ]]; then
  dashboard=${dashboard%/}; dashboard=${dashboard/:\/\/0.0.0.0/://127.0.0.1}; dashboard=${dashboard/:\/\/\*/://127.0.0.1}; dashboard=${dashboard/:\/\/+/://127.0.0.1}
  clouds=${OS_CLIENT_CONFIG_FILE:-/etc/openstack/clouds.yaml}
  read -r demo_user demo_password demo_project < <(/usr/bin/python3 -c '
import sys, yaml
auth = yaml.safe_load(open(sys.argv[1]))["clouds"]["kumo-demo"]["auth"]
print(auth["username"], auth["password"], auth.get("project_name", ""))' "$clouds" 2>/dev/null) || true
  log "dashboard: $dashboard/  (log in as ${demo_user:-demo} / ${demo_password:-<the kumo-demo password in $clouds>}${demo_project:+, project $demo_project}; admin: see /etc/kumo/admin-openrc.sh)"
else
  log "the dashboard is off (Dashboard:Listen is empty)"
fi
