#!/usr/bin/env bash
# install-clients.sh - install Debian's `openstack` CLI (python3-openstackclient 6.0) and Tempest (33.0).
#
#   tools/openstack/install-clients.sh       # as root; silent when both are already installed
#
# Idempotent: only missing packages are installed, and `apt-get update` runs only then (it is the slow
# part). Both tools are Debian's Python packages: they import only with /usr/bin/python3, not with the
# pyenv python3 that may come first on PATH (shared docs/environment.md), so the check below runs them
# that way, as the scenario and the Tempest runner do.
set -euo pipefail

PACKAGES=(python3-openstackclient tempest)

log() { printf 'install-clients: %s\n' "$*"; }
die() { printf 'install-clients: ERROR: %s\n' "$*" >&2; exit 1; }

missing=()
for p in "${PACKAGES[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || die "must run as root to install: ${missing[*]}"
  aptlog=$(mktemp /tmp/kumo-install-clients.XXXXXX.log)
  export DEBIAN_FRONTEND=noninteractive
  # Other sessions may hold the dpkg lock: wait for it instead of failing.
  apt_opts=(-q -y -o DPkg::Lock::Timeout=300)
  log "installing ${missing[*]}"
  apt-get "${apt_opts[@]}" update >"$aptlog" 2>&1 || { tail -n 20 "$aptlog" >&2; die "apt-get update failed (see $aptlog)"; }
  apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1 \
    || { tail -n 20 "$aptlog" >&2; die "apt-get install failed (see $aptlog)"; }
fi

# The entry points are `#!/usr/bin/python3` scripts, so they work whatever python3 PATH finds first;
# checked here with the module form as well, which is what our scripts fall back to.
/usr/bin/python3 -c 'import openstackclient.shell, tempest.cmd.main' 2>/dev/null \
  || die "Debian's python3 cannot import openstackclient/tempest after the install"
[[ -x /usr/bin/openstack && -x /usr/bin/tempest ]] || die "/usr/bin/openstack or /usr/bin/tempest missing"
