# cli-scenario-network.sh - the networking steps of cli-scenario.sh (sourced by it: uses its demo/pass/fail/
# last_err, $prefix, $work, and sets network_id, subnet_id, sg_id, which its cleanup deletes).
#   at source time:           network, subnet, security group create; rule create, duplicate refused, delete
#   server_network_checks:    the server's address within the subnet, its port ACTIVE in the group
#   ping_checks:              from probes (neutron-debug's: a network:probe port as an OVS internal port in
#                             qprobe-<port>): the server answers while its group allows ICMP, not after the
#                             rule's delete, again after it is re-created; a probe on a second network with
#                             the same CIDR cannot reach it. Needs KUMO_SERVE_BRIDGE/HOST (with-kumo-serve.sh).
#   network_cleanup_checks:   after the server's delete: its port gone; group, subnet, network delete
# Needs `kumo serve` with the network agent on (with-kumo-serve.sh does it), or the server's port never
# goes ACTIVE and the build fails after vif_plugging_timeout.

subnet_cidr=10.78.$((RANDOM % 200 + 20)).0/24
server_port_id="" server_address="" network2_id="" probes=() probe_ns=""

if network_id=$(demo network create "$prefix-net" -f value -c id) && [[ -n $network_id ]]; then
  pass "network create"; else network_id=""; fail "network create" "$(last_err)"; fi
if [[ -n $network_id ]] && subnet_id=$(demo subnet create "$prefix-subnet" --network "$network_id" --subnet-range "$subnet_cidr" -f value -c id) \
  && [[ $(demo subnet show "$subnet_id" -f value -c cidr) == "$subnet_cidr" ]]; then
  pass "subnet create ($subnet_cidr)"
else
  subnet_id=""; fail "subnet create" "$(last_err)"
fi
if sg_id=$(demo security group create "$prefix-sg" --description "cli scenario" -f value -c id) && [[ -n $sg_id ]]; then
  pass "security group create"; else sg_id=""; fail "security group create" "$(last_err)"; fi

icmp_rule="" ssh_rule=""
if [[ -n $sg_id ]] && icmp_rule=$(demo security group rule create --ingress --protocol icmp "$sg_id" -f value -c id) \
  && ssh_rule=$(demo security group rule create --ingress --protocol tcp --dst-port 22 "$sg_id" -f value -c id) \
  && out=$(demo security group rule list "$sg_id" -f value -c ID) && grep -qx "$icmp_rule" <<<"$out" && grep -qx "$ssh_rule" <<<"$out"; then
  pass "security group rule create (icmp, tcp 22) and list"
else
  fail "security group rule create" "$(last_err)"
fi
if [[ -n $sg_id ]] && ! demo security group rule create --ingress --protocol icmp "$sg_id" >/dev/null && grep -qiE "409|conflict|already exists|duplicate" "$work/last.err"; then
  pass "security group rule create duplicate (409)"; else fail "security group rule create duplicate" "not refused as a conflict: $(last_err)"; fi
if [[ -n $ssh_rule ]] && demo security group rule delete "$ssh_rule" && out=$(demo security group rule list "$sg_id" -f value -c ID) \
  && ! grep -qx "$ssh_rule" <<<"$out" && grep -qx "$icmp_rule" <<<"$out"; then
  pass "security group rule delete (the other rule stays)"
else
  fail "security group rule delete" "$(last_err)"
fi

# in_subnet ADDRESSES_JSON CIDR: prints the server's IPv4 address when it is the only one and inside CIDR.
in_subnet() {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import ipaddress, json, re, sys
raw, cidr = sys.argv[1], ipaddress.ip_network(sys.argv[2])
found = re.findall(r"\d+\.\d+\.\d+\.\d+", raw)
if len(found) == 1 and ipaddress.ip_address(found[0]) in cidr:
    print(found[0])
else:
    sys.exit(f"addresses {raw!r} are not one address in {cidr}")
EOF
}

server_network_checks() {
  local addresses address ports status fixed groups
  if [[ -z $server_id || -z $network_id ]]; then fail "server show addresses" "no server or network"; return; fi
  if addresses=$(demo server show "$server_id" -f json -c addresses) && address=$(in_subnet "$addresses" "$subnet_cidr" 2>"$work/last.err"); then
    pass "server show: address $address within $subnet_cidr"; server_address=$address
  else
    fail "server show addresses" "$(last_err)"
  fi
  if ports=$(demo port list --server "$server_id" -f value -c ID -c Status) && [[ $(wc -l <<<"$ports") -eq 1 ]]; then
    read -r server_port_id status <<<"$ports"
    fixed=$(demo port show "$server_port_id" -f value -c fixed_ips) || fixed=""
    if [[ $status == ACTIVE && $fixed == *"'${address:-?}'"* ]]; then pass "port list --server: one port, ACTIVE, with the server's address"
    else fail "port list --server" "status $status, fixed_ips $fixed (server address ${address:-none})"; fi
  else
    fail "port list --server" "ports: $(tr '\n' ' ' <<<"${ports:-}") $(last_err)"
  fi
  if [[ -n $server_port_id ]] && groups=$(demo port show "$server_port_id" -f value -c security_group_ids) && [[ $groups == *"$sg_id"* ]]; then
    pass "port show: in the security group"; else fail "port show security_group_ids" "${groups:-} $(last_err)"; fi
}

# probe_up NETWORK [IP]: a probe port on NETWORK (admin: bound to this host, no port security), plugged
# as an OVS internal port tap<id[:11]> moved into qprobe-<port>; sets probe_ns (not in a subshell: it
# records the port in probes for the cleanup).
probe_up() {
  local net=$1 ip=${2:-} port mac address prefix_len ns dev fixed=()
  [[ -n $ip ]] && fixed=(--fixed-ip "ip-address=$ip")
  port=$(admin port create "$prefix-probe-${#probes[@]}" --network "$net" --device-owner network:probe --host "$KUMO_SERVE_HOST" \
    --disable-port-security --no-security-group "${fixed[@]}" -f value -c id) || return 1
  probes+=("$port")
  mac=$(admin port show "$port" -f value -c mac_address) || return 1
  address=$(admin port show "$port" -f json -c fixed_ips | grep -oE '[0-9]+(\.[0-9]+){3}' | head -n1)
  prefix_len=${subnet_cidr#*/} ns=qprobe-$port dev=tap${port:0:11}
  ovs-vsctl --timeout=10 -- --may-exist add-port "$KUMO_SERVE_BRIDGE" "$dev" tag=4095 -- set Interface "$dev" type=internal \
    "external-ids:iface-id=$port" "external-ids:attached-mac=$mac" external-ids:iface-status=active || return 1
  ip netns add "$ns" && ip link set "$dev" netns "$ns" && ip -n "$ns" link set "$dev" address "$mac" \
    && ip -n "$ns" addr add "$address/$prefix_len" dev "$dev" && ip -n "$ns" link set "$dev" up && ip -n "$ns" link set lo up || return 1
  probe_ns=$ns
}

probe_down_all() {
  local port
  for port in "${probes[@]}"; do
    ovs-vsctl --timeout=10 --if-exists del-port "tap${port:0:11}" 2>/dev/null
    ip netns delete "qprobe-$port" 2>/dev/null
    admin port delete "$port" >/dev/null 2>&1
  done
  probes=()
}

# pings NS ADDRESS: one echo (busybox ping: Debian's iputils is not installed).
pings() { ip netns exec "$1" /usr/bin/busybox ping -c 1 -W 1 "$2" >/dev/null 2>&1; }

# ping_until NS ADDRESS WANT(ok|blocked) SECONDS: polls until the ping's outcome is WANT.
ping_until() {
  local deadline=$((SECONDS + $4))
  while ((SECONDS < deadline)); do
    if pings "$1" "$2"; then [[ $3 == ok ]] && return 0; else [[ $3 == blocked ]] && return 0; fi
    sleep 0.3
  done
  return 1
}

ping_checks() {
  local ns ns2 subnet2 rule
  if [[ -z ${KUMO_SERVE_BRIDGE:-} || -z $server_address ]]; then fail "ping checks" "no agent bridge (KUMO_SERVE_BRIDGE) or no server address"; return; fi
  if ! probe_up "$network_id" 2>"$work/probe.err"; then fail "probe on the network" "$(tr '\n' ' ' <"$work/probe.err") $(last_err)"; return; fi
  ns=$probe_ns
  # The guest asks for its address at boot (TCG: up to a minute after ACTIVE).
  if ping_until "$ns" "$server_address" ok 120; then pass "ping from a probe on the network reaches the server (icmp rule)"
  else fail "ping the server" "no reply from $server_address within 120 s"; return; fi
  if demo security group rule delete "$icmp_rule" && ping_until "$ns" "$server_address" blocked 10 && ! pings "$ns" "$server_address" \
    && [[ $(field status) == ACTIVE ]]; then
    pass "security group rule delete (icmp): ping blocked, server running"
  else
    fail "ping after the icmp rule's delete" "still answered $(last_err)"
  fi
  if rule=$(demo security group rule create --ingress --protocol icmp "$sg_id" -f value -c id) && icmp_rule=$rule \
    && ping_until "$ns" "$server_address" ok 10; then
    pass "security group rule create (icmp) again: ping answered"
  else
    fail "ping after the icmp rule's create" "no reply $(last_err)"
  fi
  # Same CIDR on a second network: only the networks' own VLANs keep them apart.
  if network2_id=$(demo network create "$prefix-net2" -f value -c id) \
    && subnet2=$(demo subnet create "$prefix-subnet2" --network "$network2_id" --subnet-range "$subnet_cidr" --no-dhcp -f value -c id) \
    && probe_up "$network2_id" "${subnet_cidr%.0/*}.250" 2>"$work/probe.err" && ns2=$probe_ns; then
    if ! ping_until "$ns2" "$server_address" ok 5 && pings "$ns" "$server_address"; then
      pass "a probe on a second network (same CIDR) cannot reach the server"
    else
      fail "isolation" "a probe on another network reached $server_address"
    fi
  else
    fail "second network probe" "$(tr '\n' ' ' <"$work/probe.err" 2>/dev/null) $(last_err)"
  fi
  probe_down_all
  if [[ -n $network2_id ]] && demo network delete "$network2_id"; then network2_id=""; fi
}

network_cleanup_checks() {
  if [[ -n $server_port_id ]]; then
    if ! demo port show "$server_port_id" >/dev/null && grep -qiE "404|not found|no port" "$work/last.err"; then
      pass "the server's port is deleted with it"; else fail "server port after delete" "port $server_port_id still there $(last_err)"; fi
  fi
  if [[ -n $sg_id ]] && demo security group delete "$sg_id" && ! demo security group show "$sg_id" >/dev/null 2>&1; then
    pass "security group delete"; sg_id=""; else fail "security group delete" "$(last_err)"; fi
  if [[ -n $subnet_id ]] && demo subnet delete "$subnet_id" && ! demo subnet show "$subnet_id" >/dev/null 2>&1; then
    pass "subnet delete"; subnet_id=""; else fail "subnet delete" "$(last_err)"; fi
  if [[ -n $network_id ]] && demo network delete "$network_id" && ! demo network show "$network_id" >/dev/null 2>&1; then
    pass "network delete"; network_id=""; else fail "network delete" "$(last_err)"; fi
}
