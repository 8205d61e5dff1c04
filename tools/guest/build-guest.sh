#!/usr/bin/env bash
# build-guest.sh [OUTDIR] - build Kumo's tiny test/demo guest from Debian packages.
#
# No cloud image can be downloaded on these machines (only Debian's apt repositories are
# reachable), so the guest is assembled from two .debs: Debian's cloud kernel and busybox-static.
# Outputs (OUTDIR defaults to tools/guest/build, which is git-ignored):
#   vmlinuz        the kernel (boot it directly: <os><kernel>/<initrd>/<cmdline>)
#   initramfs.img  gzip'd newc cpio: busybox, the virtio modules, and /init (see below)
#   root.qcow2     a blank 64 MiB qcow2 disk (boot from overlays of it, never from it)
#   manifest.txt   name, size and md5 of the three files (+ comment lines saying what was built)
#   .stamp         build key; when it matches and the files are intact, the script does nothing
#
# The guest's /init prints, on the serial console (console=ttyS0):
#   KUMO-GUEST-UP hostname=<from the config drive's meta_data.json, else hostname= from the kernel
#                 cmdline, else kumo-guest> uuid=<SMBIOS uuid|unknown> disk=<yes|no>
#   KUMO-GUEST-DATA source=<config-drive|none> hostname=<meta_data hostname> uuid=<meta_data uuid>
#                 user_data_sha256=<hex|none> keys=<public keys written> file_path=<first injected
#                 file's path|none> file=<its contents, newlines as spaces, at most 200 bytes>
#   KUMO-GUEST-DISK name=<vda|vdb|sr0...> bytes=<size from /sys/block/NAME/size x 512>   (one per disk)
#   KUMO-GUEST-NET ip=<DHCP address on eth0|none>
#   KUMO-PING <ip> ok|fail   (one per target the user data asks to ping: see "kumo-ping" in /init)
#   KUMO-GUEST-PASSWORD status=<HTTP status>   (metadata source, user data line "kumo-post-password TEXT":
#                 TEXT posted to /openstack/latest/password, as cloud-init posts its encrypted password)
# The data source is chosen by the kernel argument kumo.ds=configdrive (default) or kumo.ds=metadata
# (the metadata service at http://169.254.169.254 over nc, reached through eth0 once DHCP gave its route;
# source=metadata in the marker; Nova's service has no injected files, so file_path=none). The config drive is found
# by its ISO 9660 volume label config-2 on a CD-ROM or disk, mounted read-only; its hostname is set,
# its public keys go to /root/.ssh/authorized_keys.
# Lines written to a serial tty end in "\r\n": strip the \r when parsing a console log. A reader
# polling the log can see a marker line half-written: only trust a line once its "\n" is there.
#
# Needs: apt-get/apt-cache/dpkg-deb, cpio, gzip, depmod (kmod), qemu-img (tools/setup-host.sh
# installs them). Runs as root or not; as root the initramfs gets a /dev/console node.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
OUTDIR=${1:-$HERE/build}

# Kernel modules to load, IN THIS ORDER (each after its dependencies; checked below against the
# kernel's own modules.dep). Debian's cloud kernel has virtio as modules, not built in.
# scsi_common .. isofs read a config drive: Nova attaches it as an IDE CD-ROM on the 'pc' machine
# (libata + ata_piix find it, sr_mod makes /dev/sr0, isofs reads it).
# evdev + button let busybox acpid see the ACPI power button, so that a clean shutdown
# (virsh shutdown / virDomainShutdown, with <features><acpi/>) powers the guest off.
MODULES=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
         failover net_failover virtio_net virtio_blk scsi_common scsi_mod libata ata_piix cdrom sr_mod
         isofs evdev button)
KERNEL_META=linux-image-cloud-amd64   # meta package; we take the exact linux-image-X that it depends on
ROOT_DISK_SIZE=64M

die() { printf 'build-guest: ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf 'build-guest: %s\n' "$*"; }

for cmd in apt-get apt-cache dpkg-deb cpio gzip depmod qemu-img md5sum sha256sum flock; do
  command -v "$cmd" >/dev/null || die "$cmd not found; run tools/setup-host.sh first"
done

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
# Serialise concurrent builds into the same OUTDIR (parallel test runs): the second one waits,
# then finds the outputs up to date.
exec 9>"$OUTDIR/.lock"
flock 9

# ---------------------------------------------------------------------------------------------
# Resolve what to build from the local apt lists (no network). The exact kernel package is the
# one the meta package depends on today, e.g. linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2).
# One apt-cache call for everything: each call costs ~0.4 s here, because Debian's container
# images disable apt's binary cache (Dir::Cache::pkgcache "").
resolve() { # prints "KERNEL_PKG KERNEL_VERSION BUSYBOX_VERSION" (candidate versions)
  apt-cache show --no-all-versions "$KERNEL_META" busybox-static 2>/dev/null | awk -v meta="$KERNEL_META" '
    /^Package: /   { pkg = $2 }
    /^Version: /   { if (pkg == "busybox-static") bb = $2 }
    /^Depends: /   { if (pkg == meta) {
                       # "Depends: linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2), ..." - the first linux-image-*
                       n = split(substr($0, 10), deps, /, */)
                       for (i = 1; i <= n; i++) if (deps[i] ~ /^linux-image-/) {
                         split(deps[i], w, /[ ()=]+/); kp = w[1]; kv = w[2]; break } } }
    END            { if (kp != "" && kv != "" && bb != "") print kp, kv, bb }'
}
resolved=$(resolve || true)
if [[ -z $resolved ]]; then
  # Fresh machine whose apt lists were never downloaded.
  [[ $(id -u) -eq 0 ]] || die "apt-cache does not know $KERNEL_META/busybox-static; run 'apt-get update' as root"
  apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null 2>&1 || die "apt-get update failed"
  resolved=$(resolve || true)
  [[ -n $resolved ]] || die "cannot resolve the guest's packages: 'apt-cache show $KERNEL_META busybox-static' names no linux-image-* with a pinned version, or no busybox-static"
fi
read -r kpkg kpkg_ver bb_ver <<<"$resolved"

# The stamp changes when this script (which also holds /init) or either package changes.
key="script=$(sha256sum "$SELF" | cut -d' ' -f1) kernel=$kpkg=$kpkg_ver busybox=$bb_ver"
OUTPUTS=(vmlinuz initramfs.img root.qcow2)

# Up to date = same key AND every file still has the size/md5 the manifest records (a test that
# booted root.qcow2 itself instead of an overlay would have changed it).
up_to_date() {
  [[ -f $OUTDIR/.stamp && $(<"$OUTDIR/.stamp") == "$key" && -f $OUTDIR/manifest.txt ]] || return 1
  local name size md5
  for name in "${OUTPUTS[@]}"; do
    read -r size md5 < <(awk -v n="$name" '$1 == n { print $2, $3 }' "$OUTDIR/manifest.txt") || return 1
    [[ -f $OUTDIR/$name && $(stat -c %s "$OUTDIR/$name") == "$size" ]] || return 1
    [[ $(md5sum <"$OUTDIR/$name" | cut -d' ' -f1) == "$md5" ]] || return 1
  done
}
if up_to_date; then
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Build in a temp dir under OUTDIR (same filesystem: the final mv is a rename). Leftovers of a
# killed build are safe to delete: we hold the lock.
rm -rf "$OUTDIR"/.work.*
work=$(mktemp -d "$OUTDIR/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
buildlog="$work/build.log"
run() { # run quietly; on failure show the output and stop
  "$@" >>"$buildlog" 2>&1 || { tail -n 30 "$buildlog" >&2; die "failed: $*"; }
}

cd "$work"
# apt-get download warns that it runs "unsandboxed as root" when _apt cannot write here: harmless.
if ! apt-get -q download "$kpkg=$kpkg_ver" "busybox-static=$bb_ver" >>"$buildlog" 2>&1; then
  # Stale apt lists can name versions the archive no longer serves (a superseded kernel): refresh
  # the lists once, resolve again, and build what the archive has today.
  [[ $(id -u) -eq 0 ]] || { tail -n 30 "$buildlog" >&2; die "apt-get download failed; run 'apt-get update' as root"; }
  run apt-get -q -o DPkg::Lock::Timeout=300 update
  resolved=$(resolve || true)
  [[ -n $resolved ]] || die "cannot resolve the guest's packages after apt-get update"
  read -r kpkg kpkg_ver bb_ver <<<"$resolved"
  key="script=$(sha256sum "$SELF" | cut -d' ' -f1) kernel=$kpkg=$kpkg_ver busybox=$bb_ver"
  run apt-get -q download "$kpkg=$kpkg_ver" "busybox-static=$bb_ver"
fi
run dpkg-deb -x "$(ls "$work"/linux-image-*.deb)" "$work/kernel"
run dpkg-deb -x "$(ls "$work"/busybox-static_*.deb)" "$work/busybox"

# Kernel version = the single modules dir of the package; the vmlinuz must carry the same version
# (modules are version-checked and signed for exactly this build).
kmods=("$work"/kernel/lib/modules/*/)
((${#kmods[@]} == 1)) || die "expected exactly one lib/modules/<version> in $kpkg"
kver=$(basename "${kmods[0]}")
[[ -f $work/kernel/boot/vmlinuz-$kver ]] || die "$kpkg has no boot/vmlinuz-$kver"

# The .deb ships no modules.dep (its postinst makes it): generate it to find paths and deps.
run depmod -b "$work/kernel" "$kver"
kmoddir="$work/kernel/lib/modules/$kver"

# Map each wanted module to its relative path, and check the load order: every dependency must be
# built in or appear earlier in MODULES. This catches a future kernel that splits/renames modules.
declare -A loaded=()
ordered=()
for m in "${MODULES[@]}"; do
  # modules.dep lines: "kernel/drivers/net/virtio_net.ko: kernel/.../net_failover.ko ..."
  # Module names use "_", file names may use "-".
  line=$(awk -v m="$m" '{ f = $1; sub(/:$/, "", f); n = f; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n); if (n == m) { print; exit } }' "$kmoddir/modules.dep")
  if [[ -z $line ]]; then
    if grep -qE "/${m//_/[-_]}\.ko$" "$kmoddir/modules.builtin"; then
      loaded[$m]=1   # built into this kernel: nothing to load
      continue
    fi
    die "module $m is neither in $kver's modules.dep nor built in"
  fi
  rel=${line%%:*}
  for dep in ${line#*:}; do
    d=$(basename "$dep"); d=${d%%.ko*}; d=${d//-/_}
    [[ -n ${loaded[$d]:-} ]] || die "module $m needs $d, which is not earlier in MODULES: fix the order/list"
  done
  loaded[$m]=1
  ordered+=("$rel")
done

# ---------------------------------------------------------------------------------------------
# Assemble the initramfs tree.
root="$work/root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,etc,root,lib/modules/"$kver"}
install -m 0755 "$work/busybox/bin/busybox" "$root/bin/busybox"
# Applet symlinks at build time (rather than "busybox --install -s" in /init: less boot work).
# busybox is static, so the host can run the downloaded binary to list its applets.
while read -r applet; do
  [[ -e $root/$applet || -L $root/$applet ]] || ln -s /bin/busybox "$root/$applet"
done < <("$root/bin/busybox" --list-full)
[[ -L $root/bin/sh ]] || die "busybox provides no bin/sh applet"

for rel in "${ordered[@]}"; do
  install -D -m 0644 "$kmoddir/$rel" "$root/lib/modules/$kver/$rel"
done
cp "$kmoddir/modules.builtin" "$root/lib/modules/$kver/"
printf '%s\n' "${ordered[@]}" >"$root/lib/modules/$kver/modules.order"
run depmod -b "$root" "$kver"   # modules.dep for these modules only (lets modprobe work in the guest)
printf '%s\n' "${ordered[@]}" >"$root/etc/kumo-modules"   # /init loads these, in this order

# The kernel opens /dev/console for PID 1's stdin/out before /init runs; an initramfs must supply
# the node (devtmpfs is only mounted later, by /init). Needs root; /init re-opens it anyway.
if [[ $(id -u) -eq 0 ]]; then
  mknod -m 0600 "$root/dev/console" c 5 1
fi

# udhcpc only negotiates; this script (called by udhcpc) applies the lease.
cat >"$root/etc/udhcpc.script" <<'EOF'
#!/bin/sh
# Called by udhcpc with $1 = deconfig|bound|renew|leasefail|nak and the lease in the environment.
# shellcheck disable=SC2154  # interface, ip, mask, router, dns come from udhcpc
case "$1" in
  deconfig)
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
    # Option 121 (asked for with -O staticroutes): "dest/prefix gateway ..." pairs; it carries the
    # route to the metadata service (169.254.169.254/32 via the DHCP port) and the default route.
    # shellcheck disable=SC2086  # word splitting into the pairs is the point
    set -- $staticroutes
    while [ $# -ge 2 ]; do ip route replace "$1" via "$2" dev "$interface"; shift 2; done
    : >/etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done
    echo "${serverid:-}" >/run/dhcp-server ;;
esac
exit 0
EOF
chmod 0755 "$root/etc/udhcpc.script"

# busybox acpid runs /etc/acpi/PWRF/00000080 on the power button. Plain "poweroff" would only
# signal PID 1, and our PID 1 is a shell that ignores it: power off directly with -f.
mkdir -p "$root/etc/acpi/PWRF"
cat >"$root/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "kumo-init: ACPI power button: powering off" >/dev/console
sync
poweroff -f
EOF
chmod 0755 "$root/etc/acpi/PWRF/00000080"

cat >"$root/init" <<'EOF'
#!/bin/sh
# /init of the Kumo test guest, running as PID 1. It must never exit: PID 1 exiting panics the kernel.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
exec </dev/console >/dev/console 2>&1

# Modules in dependency order (list made at build time). Keep going if one fails: the markers
# below still tell the host what works (disk=no ...).
kver=$(uname -r)
while read -r m; do
  insmod "/lib/modules/$kver/$m" || echo "kumo-init: insmod $m FAILED"
done </etc/kumo-modules

# The disk node normally exists once insmod virtio_blk returns; give a slow (TCG) probe a moment.
i=0
while [ ! -b /dev/vda ] && [ $i -lt 20 ] && grep -qx 0x0002 /sys/bus/virtio/devices/*/device 2>/dev/null; do
  sleep 0.1; i=$((i + 1))
done

# Clean shutdown on the ACPI power button (needs evdev + button loaded first: acpid opens the
# /dev/input/event* that exist when it starts). No ACPI in the domain = no button, no harm.
# No /etc/acpid.conf or /etc/acpi.map on purpose: acpid then uses its built-in tables
# (KEY_POWER -> PWRF/00000080); an empty file would mean "no actions".
acpid -c /etc/acpi -l /run/acpid.log -p /run/acpid.pid \
  || echo "kumo-init: acpid failed: no clean shutdown"

# Only errors from now on, so kernel info lines cannot interleave with our marker lines.
echo 4 >/proc/sys/kernel/printk

name=kumo-guest
ds=configdrive
# shellcheck disable=SC2013  # the cmdline is one line of space-separated words
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    hostname=?*) name=${arg#hostname=} ;;
    kumo.ds=?*) ds=${arg#kumo.ds=} ;;
  esac
done

# A user-initiated SCSI scan of each ATA host returns once libata has probed its ports, so the
# CD-ROM (if any) exists afterwards without a fixed wait.
for scan in /sys/class/scsi_host/host*/scan; do
  [ -e "$scan" ] && echo "- - -" >"$scan" 2>/dev/null
done

# The config drive: an ISO 9660 labelled config-2 (cloud-init's ConfigDrive datasource). Debian's
# busybox has no blkid: read the label from the primary volume descriptor (sector 16; the volume
# identifier is bytes 40-71 of it).
iso_label() { dd if="$1" bs=1 skip=32808 count=32 2>/dev/null | tr -d ' '; }
find_config_drive() {
  i=0
  while [ $i -lt 10 ]; do
    for dev in /dev/sr* /dev/hd* /dev/sd* /dev/vd*; do
      [ -b "$dev" ] || continue
      if [ "$(iso_label "$dev")" = config-2 ]; then echo "$dev"; return 0; fi
    done
    [ -e /sys/block/sr0 ] || return 1   # no CD-ROM: nothing is still appearing
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
# One JSON string member of a one-line JSON file: good enough for Nova's flat meta_data.json.
json_string() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$2" | head -n 1; }

# Networking (for the DHCP and metadata tests): only when there is a NIC, so a NIC-less boot is not delayed.
net_done=
net_up() {
  net_done=1
  ip link set lo up
  [ -e /sys/class/net/eth0 ] || return 0
  ip link set eth0 up
  udhcpc -i eth0 -n -q -t 5 -O staticroutes -s /etc/udhcpc.script >/dev/null 2>&1 || echo "kumo-init: no DHCP lease on eth0"
}
# GET one metadata path into a file (body only, on 200); a few tries, the first may race the ARP
# entry. nc, not wget: Debian's static busybox wget crashes in glibc's static NSS lookups.
md_get() {
  i=0
  while [ $i -lt 10 ]; do
    # The sending side stays open until the answer is in: a half-closed connection may lose it.
    { printf 'GET /%s HTTP/1.0\r\nHost: 169.254.169.254\r\n\r\n' "$1"; sleep 2; } | nc -w 5 169.254.169.254 80 >/run/md.response 2>/run/md.error
    if head -n 1 /run/md.response | grep -q '^HTTP/1\.[01] 200 '; then
      # The header ends at the first empty line ("\r" alone).
      awk 'body { print; next } length($0) <= 1 { body = 1 }' /run/md.response >"$2"
      return 0
    fi
    sleep 0.5; i=$((i + 1))
  done
  rm -f "$2"; return 1
}

data="source=none"
md=
if [ "$ds" = metadata ]; then
  net_up
  mkdir -p /run/metadata/openstack/latest
  if md_get openstack/latest/meta_data.json /run/metadata/openstack/latest/meta_data.json; then
    md_get openstack/latest/user_data /run/metadata/openstack/latest/user_data || true
    md=/run/metadata/openstack/latest/meta_data.json
    md_root=/run/metadata/openstack
    md_source=metadata
  else
    # What the host needs to tell why: the routes DHCP gave and the last answer.
    echo "kumo-init: metadata: not available; routes: $(ip route | tr '\n' ';') answer: $(head -n 1 /run/md.response 2>/dev/null) $(cat /run/md.error 2>/dev/null)"
  fi
elif cd_dev=$(find_config_drive); then
  mkdir -p /mnt/config
  if mount -t iso9660 -o ro "$cd_dev" /mnt/config; then
    md=/mnt/config/openstack/latest/meta_data.json
    md_root=/mnt/config/openstack
    md_source=config-drive
  else
    echo "kumo-init: cannot mount the config drive $cd_dev"
  fi
fi
if [ -n "$md" ]; then
  cd_host=$(json_string hostname "$md")
  cd_uuid=$(json_string uuid "$md")
  # The kernel's hostname is the first label, as cloud-init sets it (meta_data's is hostname.dhcp_domain).
  [ -n "$cd_host" ] && name=${cd_host%%.*}
  ud=none
  [ -f "$md_root/latest/user_data" ] && ud=$(sha256sum "$md_root/latest/user_data" | cut -d' ' -f1)
  # public_keys is {"name": "key", ...}: each value, with the JSON "\n" at its end dropped.
  mkdir -p /root/.ssh && chmod 0700 /root/.ssh
  sed -n 's/.*"public_keys": *{\([^}]*\)}.*/\1/p' "$md" | tr ',' '\n' \
    | sed -n 's/^ *"[^"]*": *"\(.*\)" *$/\1/p' | sed 's/\\n$//' >/root/.ssh/authorized_keys
  chmod 0600 /root/.ssh/authorized_keys
  keys=$(grep -c . /root/.ssh/authorized_keys)
  fpath=$(sed -n 's/.*"files": *\[{"path": *"\([^"]*\)", *"content_path": *"\([^"]*\)".*/\1/p' "$md")
  fcontent=$(sed -n 's/.*"files": *\[{"path": *"\([^"]*\)", *"content_path": *"\([^"]*\)".*/\2/p' "$md")
  ftext=
  [ -n "$fcontent" ] && [ -f "$md_root$fcontent" ] && ftext=$(head -c 200 "$md_root$fcontent" | tr '\r\n' '  ')
  data="source=$md_source hostname=$cd_host uuid=$cd_uuid user_data_sha256=$ud keys=$keys file_path=${fpath:-none} file=$ftext"
fi
hostname "$name" 2>/dev/null || { echo "kumo-init: invalid hostname '$name'"; hostname kumo-guest; }
name=$(hostname)

# SMBIOS system UUID (libvirt passes the domain UUID); absent without DMI/SMBIOS tables.
uuid=$(tr 'A-F' 'a-f' </sys/class/dmi/id/product_uuid 2>/dev/null)
[ -n "$uuid" ] || uuid=unknown
if [ -b /dev/vda ]; then disk=yes; else disk=no; fi

# Markers go to the serial port (the console log the host reads) and to the console; when the
# console IS ttyS0 (console=ttyS0), once only, so each marker is exactly one line in the log.
say() {
  { echo "$1" >/dev/ttyS0; } 2>/dev/null
  grep -qw ttyS0 /sys/class/tty/console/active 2>/dev/null || echo "$1" >/dev/console
}
say "KUMO-GUEST-UP hostname=$name uuid=$uuid disk=$disk"
say "KUMO-GUEST-DATA $data"
for b in /sys/block/vd* /sys/block/sr* /sys/block/sd* /sys/block/hd*; do
  [ -e "$b/size" ] || continue
  say "KUMO-GUEST-DISK name=${b##*/} bytes=$(($(cat "$b/size") * 512))"
done

addr=
[ -n "$net_done" ] || net_up
if [ -e /sys/class/net/eth0 ]; then
  addr=$(ip -o -4 addr show dev eth0 | sed -n 's/.* inet \([0-9.]*\)\/.*/\1/p' | head -n 1)
fi
say "KUMO-GUEST-NET ip=${addr:-none}"

# The password a guest posts to the metadata service (cloud-init posts the admin password it set,
# encrypted with the instance's key): the text of the user data line "kumo-post-password TEXT".
ud=${md_root:-/mnt/config/openstack}/latest/user_data
if [ "${md_source:-}" = metadata ] && [ -f "$ud" ]; then
  pw=$(sed -n 's/^kumo-post-password \([A-Za-z0-9+/=]*\).*/\1/p' "$ud" | head -n 1)
  if [ -n "$pw" ]; then
    { printf 'POST /openstack/latest/password HTTP/1.0\r\nHost: 169.254.169.254\r\nContent-Length: %d\r\n\r\n%s' "${#pw}" "$pw"; sleep 2; } \
      | nc -w 5 169.254.169.254 80 >/run/md.post 2>/dev/null
    say "KUMO-GUEST-PASSWORD status=$(head -n 1 /run/md.post 2>/dev/null | cut -d' ' -f2)"
  fi
fi

# Reachability checks for the networking tests, asked by user data lines "kumo-ping TARGET..." (an IPv4
# address, or "dhcp": the server of the lease) and "kumo-ping-wait SECONDS" (default 60; other lines are
# ignored). Targets are pinged in parallel until one answers or the time is up: KUMO-PING <ip> ok|fail.
ud=${md_root:-/mnt/config/openstack}/latest/user_data
if [ -n "$addr" ] && [ -f "$ud" ]; then
  wait_s=$(sed -n 's/^kumo-ping-wait \([0-9][0-9]*\).*/\1/p' "$ud" | head -n 1)
  for t in $(sed -n 's/^kumo-ping //p' "$ud" | tr -d '\r'); do
    [ "$t" = dhcp ] && t=$(cat /run/dhcp-server 2>/dev/null)
    (
      end=$(($(date +%s) + ${wait_s:-60}))
      r=fail
      while [ "$(date +%s)" -lt $end ]; do
        if ping -c 1 -W 1 "$t" >/dev/null 2>&1; then r=ok; break; fi
        sleep 0.2
      done
      say "KUMO-PING $t $r"
    ) &
  done
fi

# Stay alive: a shell on the console (usable with a pty serial / virsh console; with a file serial
# it just blocks reading), respawned if it exits.
while :; do
  setsid cttyhack sh
  sleep 1
done
EOF
chmod 0755 "$root/init"

# Fixed owner and timestamps so that the same inputs give the same bytes (same md5).
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -print0 | LC_ALL=C sort -z \
  | cpio --null -o -H newc --owner=0:0 --reproducible --quiet) | gzip -9 -n >"$work/initramfs.img"

cp "$work/kernel/boot/vmlinuz-$kver" "$work/vmlinuz"
run qemu-img create -q -f qcow2 "$work/root.qcow2" "$ROOT_DISK_SIZE"
chmod 0644 "$work/vmlinuz" "$work/initramfs.img" "$work/root.qcow2"

{
  echo "# Kumo test guest: kernel $kver ($kpkg $kpkg_ver), busybox-static $bb_ver"
  echo "# modules: ${MODULES[*]}"
  echo "# name size md5"
  for name in "${OUTPUTS[@]}"; do
    echo "$name $(stat -c %s "$work/$name") $(md5sum <"$work/$name" | cut -d' ' -f1)"
  done
} >"$work/manifest.txt"

# Publish: invalidate the stamp first so an interrupted publish is rebuilt next time.
rm -f "$OUTDIR/.stamp"
for name in "${OUTPUTS[@]}" manifest.txt; do
  mv -f "$work/$name" "$OUTDIR/$name"
done
printf '%s\n' "$key" >"$OUTDIR/.stamp"
log "built $OUTDIR (kernel $kver, initramfs $(stat -c %s "$OUTDIR/initramfs.img") bytes)"
