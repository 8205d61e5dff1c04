using Kumo.Common.IO;
using Kumo.Image;
using Kumo.Objects.Context;
using Kumo.Objects.Images;

namespace Kumo.EndToEndTests.FaultInjection;

/// <summary>The image service as the compute host reads it, with the data of one chosen image cut off after a number of bytes (the store failing mid-download).</summary>
public sealed class FailingImageService(IImageService inner) : IImageService
{
    /// <summary>The image whose reads fail; none: every read succeeds.</summary>
    public Guid? FailingImage { get; set; }

    public int FailAfterBytes { get; set; } = 64 * 1024;

    public Task<ImageMeta> GetAsync(Guid imageId, CancellationToken cancellationToken = default) => inner.GetAsync(imageId, cancellationToken);

    public Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<ImageMeta> CreateAsync(ImageMeta image, CancellationToken cancellationToken = default) => inner.CreateAsync(image, cancellationToken);

    public Task<ImageMeta> UploadAsync(Guid imageId, Stream data, CancellationToken cancellationToken = default) => inner.UploadAsync(imageId, data, cancellationToken);

    public Task<ImageMeta> UploadAsync(Guid imageId, Stream data, long sizeCap, CancellationToken cancellationToken) =>
        inner.UploadAsync(imageId, data, sizeCap, cancellationToken);

    public Task<bool> IsVisibleAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default) =>
        inner.IsVisibleAsync(context, imageId, cancellationToken);

    public async Task<Stream> OpenReadAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var data = await inner.OpenReadAsync(imageId, cancellationToken);
        return imageId == FailingImage ? new CutOffStream(data, FailAfterBytes) : data;
    }

    public Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default) => inner.DeleteAsync(imageId, cancellationToken);

    private sealed class CutOffStream(Stream inner, int limit) : ReadOnlyWrappingStream(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (BytesRead >= limit)
            {
                throw new IOException("Connection reset by the image store (injected)");
            }
            var n = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - BytesRead)], cancellationToken);
            BytesRead += n;
            return n;
        }
    }
}
