namespace Kumo.Common.IO;

/// <summary>
/// Folders and files QEMU must reach. QEMU runs as libvirt-qemu and libvirt relabels only the disk,
/// kernel and initrd files, not the folders above them, so every folder Kumo creates on the way to them
/// is 0755 and the shared base images are 0644 (docs/environment.md: a kernel under /root, 0700, fails
/// the create with "Permission denied").
/// </summary>
public static class HostPaths
{
    public const UnixFileMode TraversableDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode WorldReadableFile =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Creates <paramref name="path"/> and any missing parents as 0755. The mode is set with chmod after
    /// mkdir because mkdir's mode is masked by the process umask (a 077 umask would give 0700).
    /// Folders that already exist are left alone: they belong to the operator.
    /// </summary>
    public static void CreateTraversableDirectory(string path)
    {
        EnsureLinux();
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing.Push(dir);
        }
        while (missing.TryPop(out var dir))
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, TraversableDirectory);
        }
    }

    /// <summary>chmod 0644, whatever the umask gave the file.</summary>
    public static void MakeWorldReadable(string file) => SetMode(file, WorldReadableFile);

    public static void SetMode(string path, UnixFileMode mode)
    {
        EnsureLinux();
        File.SetUnixFileMode(path, mode);
    }

    private static void EnsureLinux()
    {
        // Kumo's hosts are Linux (libvirt, OVS, iptables); this guard also tells the platform analyzer so.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Kumo manages Linux hosts only.");
        }
    }
}
