#!/usr/bin/env bash
# Runs every test project and ends with the one line CI reads: "N passed, N failed, N skipped".
# dotnet test's own summary is per project; the totals come from the TRX files it writes.
set -uo pipefail
config=${1:-Release}
cd "$(dirname "$0")/.."
results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

filter=()
[ -n "${KUMO_TEST_FILTER:-}" ] && filter=(--filter "$KUMO_TEST_FILTER")

dotnet test Kumo.slnx -c "$config" --no-build "${filter[@]}" \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

sum() { grep -ho "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
total=$(sum total); executed=$(sum executed); passed=$(sum passed); failed=$(sum failed)
errors=$(sum error); skipped=$((total - executed))
failed=$((failed + errors))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A project that crashed or failed to start writes no failing counter: count it as one failure.
  failed=1
fi
# Name each failure (and its message); printed again last, where CI's tail shows it.
python3 - "$results" > "$results/failed.txt" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") in ("Failed", "Error"):
            # The whole message on one line (xunit puts what a collection held on the lines after the first).
            msg = " ".join(l.strip() for l in (r.findtext(".//t:Message", "", ns) or "").splitlines() if l.strip())
            print(f"FAILED {r.get('testName')}: {msg[:1500]}")
PY
# The real clients against a `kumo serve` of their own (libvirt driver), when asked for:
# KUMO_CLI_SCENARIO=1 (the `openstack` CLI scenario, ~2 min), KUMO_TEMPEST=1 (Tempest, up to ~15 min).
if [ "${KUMO_CLI_SCENARIO:-0}" = 1 ] || [ "${KUMO_TEMPEST:-0}" = 1 ]; then
  bash tools/openstack/real-client-tests.sh "$results" 2>&1 | tee "$results/real-clients.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  read -r p f s < <(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$results/real-clients.log" | tail -n 1 \
    | sed -E 's/^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/')
  [ -n "${p:-}" ] || { p=0; f=1; s=0; }
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
fi
cat "$results/failed.txt"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
