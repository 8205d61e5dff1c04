# cli-scenario-network.sh - the networking steps of cli-scenario.sh (sourced by it: uses its demo/pass/fail/
# last_err, $prefix, $work, and sets network_id, subnet_id, sg_id, which its cleanup deletes).
#   at source time:           network, subnet, security group create; rule create, duplicate refused, delete
#   server_network_checks:    the server's address within the subnet, its port ACTIVE in the group
#   network_cleanup_checks:   after the server's delete: its port gone; group, subnet, network delete
# Needs `kumo serve` with the network agent on (with-kumo-serve.sh does it), or the server's port never
# goes ACTIVE and the build fails after vif_plugging_timeout.

subnet_cidr=10.78.$((RANDOM % 200 + 20)).0/24
server_port_id=""

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
    pass "server show: address $address within $subnet_cidr"
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
