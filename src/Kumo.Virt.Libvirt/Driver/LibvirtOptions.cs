namespace Kumo.Virt.Libvirt.Driver;

/// <summary>The libvirt driver's settings, with Nova's names ([libvirt] connection_uri, virt_type; instances_path).</summary>
public sealed class LibvirtOptions
{
    public string ConnectionUri { get; set; } = "qemu:///system";

    /// <summary>
    /// How long the compute service's start waits for libvirtd to answer on <see cref="ConnectionUri"/>
    /// (both started at boot, or the daemon restarting) before it fails saying so; 0: one try.
    /// </summary>
    public int ConnectWaitSeconds { get; set; } = 60;

    /// <summary>auto, kvm or qemu. auto picks kvm only where KVM really works (see <see cref="VirtTypeResolver"/>).</summary>
    public string VirtType { get; set; } = "auto";

    /// <summary>
    /// Where instance directories and the image cache (_base) live; every folder on the way must be
    /// traversable by QEMU's user (not under /root). Empty means &lt;state_dir&gt;/instances.
    /// </summary>
    public string InstancesPath { get; set; } = "";

    /// <summary>Nova caps console output it returns (MAX_CONSOLE_BYTES, 100 KiB).</summary>
    public int MaxConsoleBytes { get; set; } = 100 * 1024;

    /// <summary>
    /// How long a build's or a delete's call to libvirtd waits for the daemon when its connection broke
    /// (libvirtd restarted or upgraded; guests keep running): the call runs again once it answers.
    /// Past it the operation fails with a fault naming libvirtd.
    /// </summary>
    public TimeSpan ReconnectTimeout { get; set; } = LibvirtHost.DefaultReconnectTimeout;

    /// <summary>
    /// Seconds of silence on a connection to libvirtd before a keepalive probe (0: none), and the probes
    /// left unanswered before the connection is closed: a hung daemon then fails the calls waiting on it
    /// (they run again once it answers, as after a restart) instead of holding them for ever.
    /// </summary>
    public int KeepAliveIntervalSeconds { get; set; } = LibvirtKeepAlive.Default.IntervalSeconds;

    /// <inheritdoc cref="KeepAliveIntervalSeconds"/>
    public int KeepAliveCount { get; set; } = (int)LibvirtKeepAlive.Default.Count;

    /// <summary>How long a SOFT reboot waits for the guest to shut down before it reboots HARD (Nova's [libvirt] wait_soft_reboot_seconds).</summary>
    public int WaitSoftRebootSeconds { get; set; } = 120;

    /// <summary>
    /// The largest root disk a flavor with root_gb 0 gets (its size is then the image's virtual size,
    /// which the image's owner chooses: a 1 KiB qcow2 can claim 8 EiB). Nova only forbids such flavors
    /// to non-admins by policy; here the overlay is refused past this size.
    /// </summary>
    public int ZeroDiskFlavorMaxGb { get; set; } = Storage.DiskBuilder.DefaultZeroDiskFlavorMaxGb;

    /// <summary>Every instance gets a config drive, asked for or not (Nova's [DEFAULT] force_config_drive).</summary>
    public bool ForceConfigDrive { get; set; }

    /// <summary>
    /// The file system made on ephemeral disks (Nova's [DEFAULT] default_ephemeral_format; Nova leaves
    /// it to the OS type, usually ext4 on Linux): ext4, ext3, ext2 or xfs as mkfs.&lt;format&gt; knows them.
    /// </summary>
    public string DefaultEphemeralFormat { get; set; } = "ext4";
}
