using Kumo.Common.IO;
using Kumo.Objects.Errors;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// The image service's data as the cache reads it: a read that fails part way becomes
/// <see cref="ImageDownloadFailedException"/> naming the image and how far it got, so that the
/// image service failing (the same for every host: no reschedule) is told apart from this host's
/// own disk failing the write (a plain IOException: another host may have room).
/// </summary>
internal sealed class ImageReadStream(Guid imageId, Stream inner) : ReadOnlyWrappingStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await Inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or KumoException)
        {
            throw new ImageDownloadFailedException(imageId, BytesRead, ex);
        }
    }
}
