#!/usr/bin/env bash
# run-tempest.sh - run Debian's Tempest (33) against a running Kumo, with the test list kept in the repo.
#
#   tools/tempest/run-tempest.sh [CLOUDS_YAML]     # default $KUMO_CLOUDS_YAML or /etc/openstack/clouds.yaml
#
# 1. reads the admin's credentials from the clouds file (cloud $KUMO_TEMPEST_ADMIN_CLOUD, kumo-admin);
# 2. makes sure Tempest's fixtures exist, idempotently, as the admin: two public bootable images (the
#    test guest's kernel + ramdisk + two distinct machine images) and two flavors;
# 3. writes a workspace ($KUMO_TEMPEST_WORKSPACE, default artifacts/tempest) and its tempest.conf from
#    what Kumo advertises (catalog region, compute microversion range);
# 4. runs the tests of tools/tempest/include-list.txt less tools/tempest/exclude-list.txt;
# 5. writes results.txt (one "status test-id" a line) and failures.txt (each failure's first lines),
#    and prints "tempest: N passed, N failed, N skipped" then "N passed, N failed, N skipped".
# Exit status: 0 when nothing failed. KUMO_TEMPEST_LIST_ONLY=1 only lists the selected tests;
# KUMO_TEMPEST_REGEX=REGEX runs only the tests it matches (instead of the include list).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
clouds=${1:-${KUMO_CLOUDS_YAML:-/etc/openstack/clouds.yaml}}
admin_cloud=${KUMO_TEMPEST_ADMIN_CLOUD:-kumo-admin}
workspace=${KUMO_TEMPEST_WORKSPACE:-$repo/artifacts/tempest}
# Absolute: tempest init runs in a scratch directory, and callers may pass a relative path.
workspace=$(realpath -m "$workspace")
guest_dir=${KUMO_GUEST_DIR:-$repo/tools/guest/build}
concurrency=${KUMO_TEMPEST_CONCURRENCY:-2}
run_timeout=${KUMO_TEMPEST_TIMEOUT:-1200}        # the whole run; CI's budget for Tempest is ~15 min
build_timeout=${KUMO_TEMPEST_BUILD_TIMEOUT:-300} # one server to ACTIVE on TCG, with a loaded machine
include=$here/include-list.txt
exclude=$here/exclude-list.txt

die() { printf 'run-tempest: ERROR: %s\n' "$*" >&2; printf '0 passed, 1 failed, 0 skipped\n'; exit 1; }
log() { printf 'run-tempest: %s\n' "$*" >&2; }
[[ -x /usr/bin/tempest ]] || die "/usr/bin/tempest missing: run tools/openstack/install-clients.sh"
# stestr starts its workers with $PYTHON, else its own interpreter: Debian's, never a pyenv one.
export PYTHON=/usr/bin/python3
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)

# A workspace of its own, registered in its own file (not the user's ~/.tempest/workspace.yaml).
if [[ ! -d $workspace/etc ]]; then
  [[ ! -e $workspace ]] || rmdir "$workspace" 2>/dev/null || die "$workspace exists and is not a Tempest workspace"
  mkdir -p "$(dirname "$workspace")"
  scratch=$(mktemp -d)
  (cd "$scratch" && /usr/bin/tempest init --workspace-path "$scratch/workspaces.yaml" --name kumo "$workspace") >"$scratch/init.log" 2>&1 \
    || { cat "$scratch/init.log" >&2; die "tempest init $workspace failed"; }
  rm -rf "$scratch"
fi
# Our lists are regexes over test ids with '#' comments: stestr reads both as such.
grep -v '^\s*\(#\|$\)' "$include" | sed 's/\s*#.*$//' >"$workspace/include.regex"
# A developer's narrower run: KUMO_TEMPEST_REGEX='^tempest\.api\.image\.' (the exclusions still apply).
[[ -z ${KUMO_TEMPEST_REGEX:-} ]] || printf '%s\n' "$KUMO_TEMPEST_REGEX" >"$workspace/include.regex"
grep -v '^\s*\(#\|$\)' "$exclude" | sed 's/\s*#.*$//' >"$workspace/exclude.regex"

if [[ ${KUMO_TEMPEST_LIST_ONLY:-0} == 1 ]]; then
  (cd "$workspace" && /usr/bin/tempest run --list-tests --include-list include.regex --exclude-list exclude.regex) \
    | grep '^tempest\.' | sort
  exit 0
fi

[[ -f $clouds ]] || die "no clouds file at $clouds"
export OS_CLIENT_CONFIG_FILE=$clouds
os() { timeout 120 /usr/bin/openstack --os-cloud "$admin_cloud" "$@"; }

# --- fixtures (idempotent: found by name, made when missing) ---------------------------------------
find_id() { os "$1" list "${@:3}" -f value -c ID -c Name | awk -v n="$2" '$2 == n { print $1; exit }'; }
image() { # NAME FILE DISK CONTAINER [PROPERTIES...]
  local id
  id=$(find_id image "$1")
  [[ -n $id ]] || id=$(os image create "$1" --public --file "$2" --disk-format "$3" --container-format "$4" "${@:5}" -f value -c id)
  [[ -n $id ]] || die "could not create image $1"
  echo "$id"
}
flavor() { # NAME RAM
  local id
  id=$(find_id flavor "$1" --all)
  [[ -n $id ]] || id=$(os flavor create "$1" --vcpus 1 --ram "$2" --disk 1 --public -f value -c id)
  [[ -n $id ]] || die "could not create flavor $1"
  echo "$id"
}
for f in vmlinuz initramfs.img root.qcow2; do [[ -f $guest_dir/$f ]] || die "$guest_dir/$f missing: run tools/guest/build-guest.sh"; done
kernel=$(image kumo-tempest-kernel "$guest_dir/vmlinuz" aki aki)
ramdisk=$(image kumo-tempest-ramdisk "$guest_dir/initramfs.img" ari ari)
boot=(--property kernel_id="$kernel" --property ramdisk_id="$ramdisk" --property os_command_line=console=ttyS0)
image_ref=$(image kumo-tempest-image "$guest_dir/root.qcow2" qcow2 bare "${boot[@]}")
image_ref_alt=$(image kumo-tempest-image-alt "$guest_dir/root.qcow2" qcow2 bare "${boot[@]}")
flavor_ref=$(flavor kumo-tempest-1 256)
flavor_ref_alt=$(flavor kumo-tempest-2 320)

# --- what Kumo advertises ---------------------------------------------------------------------------
# cliff prints the chosen columns in the table's order: Min, then Max.
read -r min_micro max_micro < <(os versions show --service compute --status CURRENT -f value -c 'Min Microversion' -c 'Max Microversion' \
  | awk 'NF == 2 { print $1, $2; exit }')
[[ -n ${max_micro:-} ]] || die "no compute version document with a microversion range"
# Tempest checks that every extension it is told of is listed: tell it exactly what Kumo lists.
network_extensions=$(os extension list --network -f value -c Alias | paste -sd, -)
[[ -n $network_extensions ]] || die "no network extensions listed (GET /network/v2.0/extensions)"
region=$(os catalog show identity -f json | /usr/bin/python3 -c 'import json,sys; print(next(e["region"] for e in json.load(sys.stdin)["endpoints"] if e["interface"] == "public"))' 2>/dev/null || echo RegionOne)

/usr/bin/python3 "$here/write-tempest-conf.py" "$clouds" "$admin_cloud" "$workspace/etc/tempest.conf" \
  region="$region" image_ref="$image_ref" image_ref_alt="$image_ref_alt" flavor_ref="$flavor_ref" \
  flavor_ref_alt="$flavor_ref_alt" min_microversion="$min_micro" max_microversion="$max_micro" \
  build_timeout="$build_timeout" network_extensions="$network_extensions" log_file="$workspace/tempest.log" || die "could not write tempest.conf"
log "workspace $workspace: compute $min_micro..$max_micro, images $image_ref $image_ref_alt, flavors $flavor_ref $flavor_ref_alt"

# --- run ---------------------------------------------------------------------------------------------
set +e
(cd "$workspace" && timeout --signal=TERM --kill-after=30 "$run_timeout" /usr/bin/tempest run \
  --include-list include.regex --exclude-list exclude.regex --concurrency "$concurrency") >"$workspace/run.log" 2>&1
status=$?
set -e
[[ $status -eq 124 ]] && log "the run hit its ${run_timeout} s timeout"
(cd "$workspace" && /usr/bin/stestr last --subunit >"$workspace/results.subunit" 2>/dev/null) || true
/usr/bin/python3 "$here/summarize-subunit.py" "$workspace/results.subunit" "$workspace/results.txt" "$workspace/failures.txt" >"$workspace/counts" \
  || echo "0 0 0" >"$workspace/counts"
read -r passed failed skipped <"$workspace/counts"
# A run that failed (timeout, a crash before any result) counts as one failure at least.
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; tail -n 20 "$workspace/run.log" >&2; fi
log "results in $workspace/results.txt, failures in $workspace/failures.txt, log $workspace/tempest.log"
printf 'tempest: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
((failed == 0))
