#!/usr/bin/env bash
# setup-host.sh - install and start what Kumo needs on a Debian 12 host (root, no systemd).
#
#   sudo tools/setup-host.sh            # install missing packages, start virtlogd + libvirtd
#   KUMO_SKIP_APT=1 tools/setup-host.sh # same, without touching apt
#
# Idempotent: every step checks first and does nothing if already done, so it is cheap to run
# at the start of every session/test run (no daemon survives a session on these machines).
# Silent when there is nothing to do; otherwise one line per action; on failure a message on
# stderr (plus the tail of the relevant log) and a non-zero exit.
# See docs/environment.md (shared) for why each step exists.
set -euo pipefail

# Debian packages, installed with --no-install-recommends (recommends would drag in
# libvirt-daemon-system, dnsmasq, ... which need systemd or are a later issue).
PACKAGES=(
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libvirt0   # libvirtd + virsh + libvirt.so.0 (P/Invoke)
  qemu-system-x86 qemu-utils                                          # the emulator, qemu-img (overlays)
  libxml2-utils                                                       # xmllint (virt-xml-validate uses it)
  busybox-static cpio kmod                                            # tools/guest/build-guest.sh: userland, cpio, depmod
  genisoimage e2fsprogs util-linux                                    # config drives (ISO 9660), ephemeral (mkfs.ext4) and swap (mkswap) bases
  python3-openstackclient                                             # the real `openstack` CLI (tools/demo.sh); runs on /usr/bin/python3
  openvswitch-switch dnsmasq-base dnsmasq-utils iptables ethtool iproute2  # the network agent: br-int, DHCP (dhcp_release), security groups, tx-off
  conntrack                                                           # the agent ends flows a removed security group rule let in
  chromium chromium-driver                                            # headless browser of the dashboard's tests (tests/Kumo.Dashboard.Tests)
)
LIBVIRT_URI=qemu:///system
WAIT_SECONDS=30
KUMO_STATE_DIR=/var/lib/kumo

log() { printf 'setup-host: %s\n' "$*"; }
die() { printf 'setup-host: ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, starts system daemons)"

# True if a process whose command name is exactly $1 is running. Reads /proc directly so the
# script does not depend on procps (pgrep), which a minimal Debian image lacks.
running() {
  local f comm
  for f in /proc/[0-9]*/comm; do
    { read -r comm <"$f"; } 2>/dev/null || continue   # the process may have just exited
    [[ $comm == "$1" ]] && return 0
  done
  return 1
}

# Tail a log file to stderr, for failure messages.
show_log() { [[ -s $1 ]] && { echo "--- last lines of $1:" >&2; tail -n 20 "$1" >&2; }; return 0; }

# ---------------------------------------------------------------------------------------------
# 1. Packages (only the missing ones; apt-get update only if something is missing, because it is
#    the slow part and needs the network).
if [[ ${KUMO_SKIP_APT:-0} != 1 ]]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    # "install ok installed" - a package removed but not purged shows "deinstall ok config-files".
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) == "install ok installed" ]] || missing+=("$p")
  done
  if ((${#missing[@]})); then
    aptlog=$(mktemp /tmp/kumo-setup-apt.XXXXXX.log)
    # Other engineers/sessions may run apt at the same time: wait for the dpkg lock, don't fail.
    apt_opts=(-q -y -o DPkg::Lock::Timeout=300)
    export DEBIAN_FRONTEND=noninteractive
    apt-get "${apt_opts[@]}" update >"$aptlog" 2>&1 \
      || { show_log "$aptlog"; die "apt-get update failed (see $aptlog)"; }
    apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1 \
      || { show_log "$aptlog"; die "apt-get install ${missing[*]} failed (see $aptlog)"; }
    rm -f "$aptlog"
    log "installed ${missing[*]}"
  fi
fi
for cmd in libvirtd virtlogd virsh qemu-system-x86_64 qemu-img ovs-vsctl ovsdb-client dnsmasq dhcp_release iptables-restore ethtool ip; do
  command -v "$cmd" >/dev/null || die "$cmd not found (packages missing; run without KUMO_SKIP_APT=1)"
done

# ---------------------------------------------------------------------------------------------
# 2. Users/groups the QEMU driver runs guests as. Debian creates them in libvirt-daemon-system's
#    postinst, which we don't install (it wants systemd); without them libvirtd's QEMU driver fails
#    to load: "Failed to parse user 'libvirt-qemu'".
for g in kvm libvirt-qemu; do
  if ! getent group "$g" >/dev/null; then
    groupadd -r "$g"
    log "created group $g"
  fi
done
if ! getent passwd libvirt-qemu >/dev/null; then
  useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
  log "created user libvirt-qemu"
fi
# (A libvirt-qemu made by someone else may lack the kvm group, which the /dev/kvm step relies on.)
if ! id -nG libvirt-qemu | grep -qw kvm; then
  usermod -aG kvm libvirt-qemu
  log "added libvirt-qemu to group kvm"
fi

# /dev/kvm, when present, gets Debian's usual udev permissions (root:kvm 0660). Without udev it is
# root:root 0600 and libvirt becomes inconsistent: its capability probe runs QEMU as root and sees
# KVM "enabled", but its cache check tests /dev/kvm as libvirt-qemu, finds it unusable, and throws
# the cache away - so EVERY capabilities lookup (virsh version, define, start...) re-probes QEMU
# (~3.5 s each; libvirtd debug log: "KVM was enabled when probing ..., but it is not available
# now"). This does not make KVM usable (see environment.md: it is a trap here); Kumo still picks
# type='qemu' by its own check. /dev is recreated at boot, hence done on every run.
if [[ -c /dev/kvm && $(stat -c %G:%a /dev/kvm) != kvm:660 ]]; then
  chgrp kvm /dev/kvm
  chmod 0660 /dev/kvm
  log "set /dev/kvm to root:kvm 0660 (stops libvirt re-probing QEMU on every call)"
fi

# ---------------------------------------------------------------------------------------------
# 3. Directories: the daemons don't create their own run/log dirs (systemd's tmpfiles would).
#    /var/lib/kumo (instances, image cache) must be traversable by libvirt-qemu, because libvirt
#    relabels the files it hands to QEMU but not the folders above them.
for d in /var/run/libvirt /var/log/libvirt /var/lib/libvirt /var/cache/libvirt; do
  if [[ ! -d $d ]]; then
    mkdir -p "$d"
    log "created $d"
  fi
done
if [[ ! -d $KUMO_STATE_DIR ]]; then
  mkdir -p "$KUMO_STATE_DIR"
  log "created $KUMO_STATE_DIR"
fi
if [[ $(stat -c %a "$KUMO_STATE_DIR") != 755 ]]; then
  chmod 0755 "$KUMO_STATE_DIR"
  log "chmod 0755 $KUMO_STATE_DIR"
fi
# Every parent must be traversable too (o+x); /var/lib is on Debian, but check rather than assume.
p=$KUMO_STATE_DIR
while [[ $p != / ]]; do
  p=$(dirname "$p")
  [[ $(( 8#$(stat -c %a "$p") & 1 )) -eq 1 ]] || die "$p is not traversable by others: libvirt-qemu cannot reach $KUMO_STATE_DIR"
done

# ---------------------------------------------------------------------------------------------
# 4. Daemons. virtlogd first: libvirtd hands QEMU's stdout/stderr to it, and starting any domain
#    fails without it ("Failed to connect socket to '/run/libvirt/virtlogd-sock'").
#    Daemon output goes to files so this script stays quiet.
wait_for() { # wait_for SECONDS COMMAND... : true once COMMAND succeeds, polling every 0.2 s
  local secs=$1; shift
  local i
  for ((i = 0; i < secs * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

if ! running virtlogd; then
  # A virtlogd that died (or was still exiting) can leave its socket file behind; remove it so the
  # wait below sees the NEW socket. (Seen: libvirtd started against a stale socket got "connection
  # refused" and spawned a second virtlogd of its own, with --timeout=120.)
  rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
  virtlogd -d >>/var/log/libvirt/virtlogd-start.log 2>&1 \
    || { show_log /var/log/libvirt/virtlogd-start.log; die "virtlogd -d failed"; }
  wait_for 10 test -S /run/libvirt/virtlogd-sock \
    || die "virtlogd started but /run/libvirt/virtlogd-sock did not appear within 10 s"
  log "started virtlogd"
fi

if ! running libvirtd; then
  # libvirtd logs harmless errors here (no D-Bus, no DMI, no /dev/kvm): keep them out of the way.
  libvirtd -d >>/var/log/libvirt/libvirtd-start.log 2>&1 \
    || { show_log /var/log/libvirt/libvirtd-start.log; die "libvirtd -d failed"; }
  log "started libvirtd"
fi

# Running is not the same as answering: the QEMU driver probes QEMU's capabilities at first start.
if ! wait_for "$WAIT_SECONDS" virsh -c "$LIBVIRT_URI" version; then
  show_log /var/log/libvirt/libvirtd-start.log
  show_log /var/log/libvirt/libvirtd.log   # where a daemonised libvirtd logs its errors
  die "libvirtd is not answering on $LIBVIRT_URI after ${WAIT_SECONDS} s (try: virsh -c $LIBVIRT_URI version)"
fi

# ---------------------------------------------------------------------------------------------
# 5. Open vSwitch (the network agent's integration bridge). No systemd, so ovs-ctl starts
#    ovsdb-server and ovs-vswitchd itself; there is no OVS kernel module, so bridges use the
#    netdev (userspace) datapath, which ovs-vswitchd provides without one.
if ! running ovsdb-server || ! running ovs-vswitchd; then
  /usr/share/openvswitch/scripts/ovs-ctl start --system-id=random >>/var/log/kumo-ovs-ctl.log 2>&1 \
    || { show_log /var/log/kumo-ovs-ctl.log; die "ovs-ctl start failed"; }
  log "started ovsdb-server and ovs-vswitchd"
fi
if ! wait_for "$WAIT_SECONDS" ovs-vsctl --timeout=2 show; then
  show_log /var/log/openvswitch/ovs-vswitchd.log
  die "Open vSwitch is not answering after ${WAIT_SECONDS} s (try: ovs-vsctl show)"
fi
