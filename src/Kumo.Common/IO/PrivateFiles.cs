namespace Kumo.Common.IO;

/// <summary>
/// Modes for what only the service (root) reads: uploaded images, the database, domain XML. A
/// user's image or another tenant's admin password must not be readable by every local account.
/// Folders QEMU never enters are 0700; the state folder is 0711 so QEMU (libvirt-qemu) can still
/// pass through it to the instance folders below without listing it.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PassThroughDirectory = OwnerOnlyDirectory | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates the folder 0700 when missing; one that exists loses group and other permissions too
    /// (only for folders Kumo names and fills alone, such as its image store, never an operator's).
    /// </summary>
    public static void EnsureOwnerOnlyDirectory(string path) => Ensure(path, OwnerOnlyDirectory, tightenExisting: true);

    /// <summary>Creates the folder 0711 when missing; an existing one is the operator's and stays as it is.</summary>
    public static void CreatePassThroughDirectory(string path) => Ensure(path, PassThroughDirectory, tightenExisting: false);

    /// <summary>chmod 0600 when the file exists.</summary>
    public static void MakeOwnerOnly(string file)
    {
        if (OperatingSystem.IsLinux() && File.Exists(file))
        {
            File.SetUnixFileMode(file, OwnerOnlyFile);
        }
    }

    /// <summary>Writes <paramref name="text"/> to a file that is 0600 from its creation (and after, if it existed).</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }
        MakeOwnerOnly(path);
    }

    private static void Ensure(string path, UnixFileMode mode, bool tightenExisting)
    {
        if (!OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            // Set after mkdir: its mode is masked by the umask (077 would leave QEMU outside a 0711 folder).
            File.SetUnixFileMode(path, mode);
            return;
        }
        // An existing folder only ever loses permissions: an operator who made it stricter keeps that.
        var current = File.GetUnixFileMode(path);
        if (tightenExisting && (current & mode) != current)
        {
            File.SetUnixFileMode(path, current & mode);
        }
    }
}
