using System.Globalization;
using Kumo.Common.Processes;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// The qemu-img commands Kumo runs, through the host command runner: by absolute path, and under
/// <see cref="UntrustedInputLimits"/> since each one parses the header of a user's image.
/// </summary>
public sealed class QemuImg(ICommandRunner runner)
{
    public const string FileName = "/usr/bin/qemu-img";

    /// <summary>
    /// Reads an image's header as <paramref name="format"/>. The format is always given, never probed:
    /// probing lets a "raw" image that is really qcow2 name any host file as its backing file (the
    /// format-confusion attack behind Nova's CVE-2024-32498). --force-share because a base image may be
    /// open in a running guest.
    /// </summary>
    public async Task<QemuImageInfo> InfoAsync(string path, string format, CancellationToken cancellationToken = default)
    {
        var result = await runner.RunAsync(
            UntrustedInputLimits.Apply(new CommandSpec(FileName, "info", "-f", format, "--output=json", "--force-share", path)),
            cancellationToken);
        return QemuImageInfo.Parse(result.StdOut);
    }

    /// <summary>
    /// Creates a qcow2 overlay of <paramref name="backingPath"/>. QEMU 7.2 refuses an overlay whose
    /// backing format is not given ("Backing file specified without backing format"), hence -F.
    /// </summary>
    public Task CreateOverlayAsync(string overlayPath, string backingPath, string backingFormat, long sizeBytes, CancellationToken cancellationToken = default) =>
        runner.RunAsync(
            UntrustedInputLimits.Apply(new CommandSpec(FileName, "create", "-f", "qcow2", "-F", backingFormat, "-b", backingPath, overlayPath,
                sizeBytes.ToString(CultureInfo.InvariantCulture))),
            cancellationToken);
}
