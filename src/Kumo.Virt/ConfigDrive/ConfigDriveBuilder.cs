using Kumo.Common.IO;
using Kumo.Common.Processes;

namespace Kumo.Virt.ConfigDrive;

/// <summary>
/// Writes a config drive as Nova's configdrive.py does: the metadata tree in a scratch folder, then an
/// ISO 9660 image with Joliet and Rock Ridge labelled config-2, made by genisoimage with Nova's flags.
/// The scratch folder is a private one in <paramref name="scratchParent"/> (default: memory, see
/// <see cref="ScratchDirectories.MemoryBacked"/>; without it, the ISO's own folder).
/// </summary>
public sealed class ConfigDriveBuilder(ICommandRunner runner, string? scratchParent = null)
{
    private readonly string? _scratchParent = scratchParent ?? ScratchDirectories.MemoryBacked;

    /// <summary>The volume label cloud-init and other guests look for.</summary>
    public const string VolumeLabel = "config-2";

    /// <summary>Nova's name for the drive in the instance directory.</summary>
    public const string FileName = "disk.config";

    public const string Tool = "genisoimage";

    private const string Publisher = "OpenStack Compute (Kumo)";

    /// <summary>
    /// Writes <paramref name="isoPath"/> (0600: it carries the admin password and user data; libvirt's
    /// dynamic ownership hands it to QEMU's user while the guest runs). On failure no file is left,
    /// and the scratch folder is removed either way.
    /// </summary>
    public async Task BuildAsync(InstanceMetadata metadata, string isoPath, CancellationToken cancellationToken = default)
    {
        var scratch = ScratchDirectories.Create(_scratchParent ?? Path.GetDirectoryName(Path.GetFullPath(isoPath))!, "kumo-config-drive-");
        try
        {
            WriteTree(metadata, scratch);
            await runner.RunAsync(new CommandSpec(Tool,
                "-o", isoPath, "-ldots", "-allow-lowercase", "-allow-multidot", "-l", "-publisher", Publisher,
                "-quiet", "-J", "-r", "-V", VolumeLabel, scratch), cancellationToken);
            PrivateFiles.MakeOwnerOnly(isoPath);
        }
        catch
        {
            File.Delete(isoPath);
            throw;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>openstack/&lt;version&gt;/... for every version and latest, and openstack/content/NNNN.</summary>
    public static void WriteTree(InstanceMetadata metadata, string root)
    {
        var openstack = Path.Combine(root, "openstack");
        foreach (var version in InstanceMetadata.Versions.Append(InstanceMetadata.Latest))
        {
            var dir = Directory.CreateDirectory(Path.Combine(openstack, version)).FullName;
            foreach (var (name, bytes) in metadata.VersionFiles(version))
            {
                File.WriteAllBytes(Path.Combine(dir, name), bytes);
            }
        }
        var content = Directory.CreateDirectory(Path.Combine(openstack, "content")).FullName;
        foreach (var (name, bytes) in metadata.Content())
        {
            File.WriteAllBytes(Path.Combine(content, name), bytes);
        }
    }
}
