#!/usr/bin/env bash
# cli-scenario.sh - drive a running `kumo serve` (libvirt driver) with Debian's real `openstack` CLI.
#
#   tools/openstack/cli-scenario.sh [CLOUDS_YAML]        # default /etc/openstack/clouds.yaml
#
# Clouds used: $KUMO_CLI_ADMIN_CLOUD (kumo-admin) for flavors and the second project; $KUMO_CLI_CLOUD
# (kumo-demo) for everything a project member does. Guest files (vmlinuz, initramfs.img, root.qcow2)
# come from $KUMO_GUEST_DIR (default tools/guest/build, made by tools/guest/build-guest.sh).
# One PASS/FAIL line per step, then "N passed, N failed"; exit 1 when any step failed.
# Every wait is bounded (OSC 6.0's create/delete --wait poll for ever; stop/start/reboot have no --wait),
# and everything the scenario made is deleted on exit, whatever happened.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
clouds=${1:-${KUMO_CLOUDS_YAML:-/etc/openstack/clouds.yaml}}
admin_cloud=${KUMO_CLI_ADMIN_CLOUD:-kumo-admin}
demo_cloud=${KUMO_CLI_CLOUD:-kumo-demo}
guest_dir=${KUMO_GUEST_DIR:-$here/../guest/build}
build_timeout=${KUMO_CLI_BUILD_TIMEOUT:-300}     # TCG boot + the CLI's 5 s polling
action_timeout=${KUMO_CLI_ACTION_TIMEOUT:-240}   # a clean stop/soft reboot may wait on ACPI before forcing
console_timeout=${KUMO_CLI_CONSOLE_TIMEOUT:-120}
call_timeout=${KUMO_CLI_CALL_TIMEOUT:-60}        # any single CLI call
prefix=kumo-cli-$$
marker=KUMO-GUEST-UP

passed=0 failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
die() { printf 'cli-scenario: ERROR: %s\n' "$*" >&2; printf '%d passed, %d failed\n' "$passed" "$((failed + 1))"; exit 1; }

[[ -f $clouds ]] || die "no clouds file at $clouds (the identity bootstrap writes it; pass its path)"
[[ -x /usr/bin/openstack ]] || die "/usr/bin/openstack missing: run tools/openstack/install-clients.sh"
for f in vmlinuz initramfs.img root.qcow2; do [[ -f $guest_dir/$f ]] || die "$guest_dir/$f missing: run tools/guest/build-guest.sh"; done

work=$(mktemp -d /tmp/kumo-cli-scenario.XXXXXX)
# Only the clouds file decides who we are: OS_* from an openrc in the caller's shell would mix in.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)

# The second project's member gets a cloud of its own, next to the given ones (same auth_url, region).
other_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
/usr/bin/python3 - "$clouds" "$admin_cloud" "$work/clouds.yaml" "$prefix" "$other_password" <<'EOF'
import sys, yaml
src, admin, dst, prefix, password = sys.argv[1:]
doc = yaml.safe_load(open(src))
base = doc["clouds"][admin]
auth = dict(base["auth"])
auth.update(username=f"{prefix}-other-user", password=password, project_name=f"{prefix}-other",
            user_domain_name="Default", project_domain_name="Default")
for k in ("user_domain_id", "project_domain_id", "project_id", "user_id", "domain_id", "domain_name", "system_scope"):
    auth.pop(k, None)
other = {k: v for k, v in base.items() if k != "auth"}
other["auth"] = auth
doc["clouds"]["kumo-cli-other"] = other
with open(dst, "w") as f:
    yaml.safe_dump(doc, f)
EOF
chmod 0600 "$work/clouds.yaml"
export OS_CLIENT_CONFIG_FILE=$work/clouds.yaml

# os CLOUD ARGS...: one CLI call, bounded; stdout is the result, stderr goes to $work/last.err.
os() { local cloud=$1; shift; timeout "$call_timeout" /usr/bin/openstack --os-cloud "$cloud" "$@" 2>"$work/last.err"; }
last_err() { tr '\n' ' ' <"$work/last.err" | cut -c1-300; }
admin() { os "$admin_cloud" "$@"; }
demo() { os "$demo_cloud" "$@"; }
other() { os kumo-cli-other "$@"; }
field() { demo server show "$server_id" -f value -c "$1"; }

# wait_status ID STATUS TIMEOUT: polls `server show` until STATUS with no task state; fails fast on ERROR.
wait_status() {
  local id=$1 want=$2 deadline=$((SECONDS + $3)) status task
  while ((SECONDS < deadline)); do
    status=$(demo server show "$id" -f value -c status 2>/dev/null || echo "?")
    task=$(demo server show "$id" -f value -c OS-EXT-STS:task_state 2>/dev/null || echo "?")
    [[ $status == "$want" && ( $task == None || $task == "" ) ]] && return 0
    [[ $status == ERROR ]] && { echo "status ERROR, fault: $(demo server show "$id" -f value -c fault 2>/dev/null)"; return 1; }
    sleep 2
  done
  echo "still $status (task $task) after $3 s"
  return 1
}

server_id="" kernel_id="" ramdisk_id="" image_id="" flavor_id="" other_project="" other_user=""
network_id="" subnet_id="" sg_id=""
cleanup() {
  set +e
  [[ -n $server_id ]] && timeout 120 /usr/bin/openstack --os-cloud "$demo_cloud" server delete --wait "$server_id" >/dev/null 2>&1
  declare -F probe_down_all >/dev/null && probe_down_all
  [[ -n ${network2_id:-} ]] && demo network delete "$network2_id" >/dev/null 2>&1
  [[ -n $sg_id ]] && demo security group delete "$sg_id" >/dev/null 2>&1
  [[ -n $subnet_id ]] && demo subnet delete "$subnet_id" >/dev/null 2>&1
  [[ -n $network_id ]] && demo network delete "$network_id" >/dev/null 2>&1
  for i in $image_id $ramdisk_id $kernel_id; do demo image delete "$i" >/dev/null 2>&1; done
  demo keypair delete "$prefix-key" >/dev/null 2>&1
  [[ -n $flavor_id ]] && admin flavor delete "$flavor_id" >/dev/null 2>&1
  [[ -n $other_user ]] && admin user delete "$other_user" >/dev/null 2>&1
  [[ -n $other_project ]] && admin project delete "$other_project" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# --- identity -------------------------------------------------------------------------------------
if out=$(demo token issue -f value -c id -c project_id) && [[ $(wc -l <<<"$out") -eq 2 ]]; then pass "token issue"; else fail "token issue" "$(last_err)"; fi
if out=$(demo catalog list -f value -c Type) && grep -qx compute <<<"$out" && grep -qx image <<<"$out" && grep -qx identity <<<"$out"; then
  pass "catalog list (identity, compute, image)"
else
  fail "catalog list" "types: $(tr '\n' ' ' <<<"${out:-}") $(last_err)"
fi

# --- images (the project's own, private) ----------------------------------------------------------
if kernel_id=$(demo image create "$prefix-kernel" --disk-format aki --container-format aki --file "$guest_dir/vmlinuz" -f value -c id); then
  pass "image create kernel (aki)"; else kernel_id=""; fail "image create kernel" "$(last_err)"; fi
if ramdisk_id=$(demo image create "$prefix-ramdisk" --disk-format ari --container-format ari --file "$guest_dir/initramfs.img" -f value -c id); then
  pass "image create ramdisk (ari)"; else ramdisk_id=""; fail "image create ramdisk" "$(last_err)"; fi
if image_id=$(demo image create "$prefix-image" --disk-format qcow2 --container-format bare --file "$guest_dir/root.qcow2" \
    --property kernel_id="$kernel_id" --property ramdisk_id="$ramdisk_id" --property os_command_line='console=ttyS0' -f value -c id) \
  && [[ $(demo image show "$image_id" -f value -c status) == active ]]; then
  pass "image create machine image (qcow2, kernel_id/ramdisk_id)"
else
  fail "image create machine image" "$(last_err)"
fi

# --- flavor (admin) and keypair (generated by the server) -----------------------------------------
if flavor_id=$(admin flavor create "$prefix-flavor" --vcpus 1 --ram 256 --disk 1 -f value -c id); then
  pass "flavor create"; else flavor_id=""; fail "flavor create" "$(last_err)"; fi
if demo keypair create "$prefix-key" >"$work/key.pem" && grep -q 'PRIVATE KEY' "$work/key.pem"; then
  pass "keypair create (generated)"; else fail "keypair create" "$(last_err)"; fi

# --- network, subnet, security group (the project's own) -------------------------------------------
source "$here/cli-scenario-network.sh"

# --- server lifecycle (on the network, in the group) -------------------------------------------------
max=$(demo versions show --service compute --status CURRENT -f value -c 'Max Microversion' 2>/dev/null | head -n1 || true)
version=() nic=()  # the microversion is a global option, --network/--nic belong to `server create`
if [[ -n $max ]] && /usr/bin/python3 -c "import sys; a=tuple(map(int,sys.argv[1].split('.'))); sys.exit(0 if a>=(2,37) else 1)" "$max"; then
  version=(--os-compute-api-version 2.37)
fi
if [[ -n $network_id ]]; then nic=(--network "$network_id"); elif ((${#version[@]})); then nic=(--nic none); fi
[[ -n $sg_id ]] && nic+=(--security-group "$sg_id")
if timeout "$build_timeout" /usr/bin/openstack --os-cloud "$demo_cloud" "${version[@]}" server create --wait "${nic[@]}" \
    --flavor "$flavor_id" --image "$image_id" --key-name "$prefix-key" "$prefix-server" -f value -c id >"$work/create.out" 2>"$work/last.err"; then
  server_id=$(tail -n1 "$work/create.out")
fi
[[ -z $server_id ]] && server_id=$(demo server list --name "^$prefix-server\$" -f value -c ID 2>/dev/null | head -n1 || true)
status=$([[ -n $server_id ]] && field status 2>/dev/null || echo none)
if [[ $status == ACTIVE ]]; then pass "server create --wait --network --security-group (ACTIVE, max microversion ${max:-?})"
else fail "server create --wait" "status $status, fault: $([[ -n $server_id ]] && field fault 2>/dev/null) $(last_err)"; fi
server_network_checks
ping_checks

if [[ -n $server_id ]] && demo server list -f value -c ID | grep -qx "$server_id"; then pass "server list"; else fail "server list" "server ${server_id:-none} not listed $(last_err)"; fi
if [[ -n $server_id ]] && [[ $(field name) == "$prefix-server" && $(field flavor) == *"$prefix-flavor"* ]]; then
  pass "server show"; else fail "server show" "name/flavor do not match $(last_err)"; fi

ok=""
if [[ -n $server_id ]]; then
  deadline=$((SECONDS + console_timeout))
  while ((SECONDS < deadline)); do
    demo console log show "$server_id" 2>/dev/null | grep -q "$marker" && { ok=1; break; }
    sleep 2
  done
fi
if [[ -n $ok ]]; then pass "console log show ($marker)"; else fail "console log show" "no $marker within $console_timeout s $(last_err)"; fi

for step in "stop SHUTOFF" "start ACTIVE" "reboot ACTIVE"; do
  read -r verb want <<<"$step"
  if [[ -z $server_id ]]; then fail "server $verb" "no server"; continue; fi
  if ! demo server "$verb" "$server_id" >/dev/null; then fail "server $verb" "$(last_err)"; continue; fi
  # A reboot keeps ACTIVE: wait for its action to be recorded first, then for the task state to clear.
  if [[ $verb == reboot ]]; then
    deadline=$((SECONDS + call_timeout))
    until demo server event list "$server_id" -f value -c Action 2>/dev/null | grep -qx reboot || ((SECONDS >= deadline)); do sleep 1; done
  fi
  if why=$(wait_status "$server_id" "$want" "$action_timeout"); then pass "server $verb ($want)"; else fail "server $verb" "$why"; fi
done

# --- a second project sees none of it -------------------------------------------------------------
if other_project=$(admin project create "$prefix-other" --domain default -f value -c id) \
  && other_user=$(admin user create "$prefix-other-user" --domain default --project "$other_project" --password "$other_password" -f value -c id) \
  && admin role add --project "$other_project" --user "$other_user" member; then
  pass "second project and member user (admin)"
else
  fail "second project and member user" "$(last_err)"
fi
if out=$(other server list -f value -c ID) && ! grep -q . <<<"$out"; then pass "second project: server list empty"; else fail "second project: server list" "sees: $(tr '\n' ' ' <<<"${out:-}") $(last_err)"; fi
if out=$(other network list -f value -c ID) && ! grep -qx "${network_id:-x}" <<<"$out"; then
  pass "second project: network not listed"; else fail "second project: network list" "sees the first project's network $(last_err)"; fi
if out=$(other image list -f value -c ID) && ! grep -qE "^(${kernel_id:-x}|${ramdisk_id:-x}|${image_id:-x})$" <<<"$out"; then
  pass "second project: private images not listed"; else fail "second project: image list" "sees the first project's images $(last_err)"; fi
if out=$(other keypair list -f value -c Name) && ! grep -qx "$prefix-key" <<<"$out"; then pass "second project: keypair not listed"; else fail "second project: keypair list" "$(last_err)"; fi
if [[ -z $server_id ]]; then
  fail "second project: server show" "no server"
elif ! other server show "$server_id" >/dev/null && grep -qi "no server\|not found\|404" "$work/last.err"; then
  pass "second project: server show fails (not found)"
else
  fail "second project: server show" "did not fail with not-found: $(last_err)"
fi

# --- delete ----------------------------------------------------------------------------------------
if [[ -z $server_id ]]; then
  fail "server delete --wait" "no server"
elif timeout "$build_timeout" /usr/bin/openstack --os-cloud "$demo_cloud" server delete --wait "$server_id" 2>"$work/last.err" \
  && ! demo server show "$server_id" >/dev/null; then
  pass "server delete --wait (then not found)"; server_id=""
else
  fail "server delete --wait" "$(last_err)"
fi

network_cleanup_checks

printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
