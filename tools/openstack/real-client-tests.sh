#!/usr/bin/env bash
# real-client-tests.sh RESULTS_DIR - the tests with the real clients, as tools/run-tests.sh runs them:
#   KUMO_CLI_SCENARIO=1  tools/openstack/cli-scenario.sh (the `openstack` CLI scenario)
#   KUMO_TEMPEST=1       tools/tempest/run-tempest.sh (Tempest, tools/tempest/include-list.txt)
# each against a `kumo serve` of its own on the libvirt driver (tools/openstack/with-kumo-serve.sh), with
# the network agent on its own bridge (the scenario's server is on a network; Tempest's multi-NIC
# servers too; Tempest's without DHCP: its network API tests make dozens of subnets, each would get a
# dnsmasq, and no Tempest test here reads a guest's DHCP lease).
# Logs go to RESULTS_DIR/cli-scenario.log and RESULTS_DIR/tempest.log (Tempest's workspace to
# RESULTS_DIR/tempest/). The last line is the sum: "N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
results=${1:?usage: real-client-tests.sh RESULTS_DIR}
mkdir -p "$results"
passed=0 failed=0 skipped=0

# add LOG: adds the last "N passed, N failed[, N skipped]" line of LOG; none at all is one failure.
add() {
  local line p f s
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [[ -z $line ]]; then failed=$((failed + 1)); echo "real-client-tests: no summary in $1: counted as one failure" >&2; return; fi
  read -r p f s < <(sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/' <<<"$line")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
}

if [[ ${KUMO_CLI_SCENARIO:-0} == 1 || ${KUMO_TEMPEST:-0} == 1 ]]; then
  if ! bash "$here/install-clients.sh"; then
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi
if [[ ${KUMO_CLI_SCENARIO:-0} == 1 ]]; then
  echo "== openstack CLI scenario"
  KUMO_SERVE_NETWORK_AGENT=1 bash "$here/with-kumo-serve.sh" bash -c 'exec "$1" "$KUMO_CLOUDS_YAML"' _ "$here/cli-scenario.sh" 2>&1 | tee "$results/cli-scenario.log"
  add "$results/cli-scenario.log"
fi
if [[ ${KUMO_TEMPEST:-0} == 1 ]]; then
  echo "== Tempest"
  KUMO_TEMPEST_WORKSPACE=$results/tempest KUMO_SERVE_NETWORK_AGENT=1 KUMO_SERVE_DHCP=0 \
    bash "$here/with-kumo-serve.sh" bash -c 'exec "$1" "$KUMO_CLOUDS_YAML"' _ "$here/../tempest/run-tempest.sh" 2>&1 | tee "$results/tempest.log"
  add "$results/tempest.log"
fi
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
