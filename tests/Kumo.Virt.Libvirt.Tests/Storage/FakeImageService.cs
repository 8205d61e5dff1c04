using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kumo.Image;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Virt.Libvirt.Tests.Storage;

/// <summary>
/// Serves image data from memory and counts downloads; <see cref="OpenDelay"/> keeps a download open
/// long enough for concurrent fetches to pile up behind it.
/// </summary>
internal sealed class FakeImageService : IImageService
{
    private readonly ConcurrentDictionary<Guid, (ImageMeta Meta, byte[] Data)> _images = new();
    private int _opens;

    public TimeSpan OpenDelay { get; set; }

    public int OpenCount => Volatile.Read(ref _opens);

    /// <summary>Adds an active image whose checksum is the real MD5 of <paramref name="data"/>.</summary>
    public ImageMeta Add(byte[] data, string diskFormat = "qcow2", Guid? id = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        var meta = new ImageMeta
        {
            Id = id ?? Guid.NewGuid(),
            Name = "test",
            Status = ImageStatus.Active,
            DiskFormat = diskFormat,
            Size = data.Length,
            Checksum = Convert.ToHexStringLower(MD5.HashData(data)),
            Properties = properties ?? new Dictionary<string, string>(),
        };
        _images[meta.Id] = (meta, data);
        return meta;
    }

    public Task<ImageMeta> GetAsync(Guid imageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(imageId).Meta);

    public Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageMeta>>([.. _images.Values.Select(i => i.Meta)]);

    public async Task<Stream> OpenReadAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var data = Find(imageId).Data;
        Interlocked.Increment(ref _opens);
        await Task.Delay(OpenDelay, cancellationToken);
        return new MemoryStream(data, writable: false);
    }

    public Task<ImageMeta> CreateAsync(ImageMeta image, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ImageMeta> UploadAsync(Guid imageId, Stream data, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ImageMeta> UploadAsync(Guid imageId, Stream data, long sizeCap, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> IsVisibleAsync(Kumo.Objects.Context.RequestContext context, Guid imageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_images.ContainsKey(imageId));

    public Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        _images.TryRemove(imageId, out _);
        return Task.CompletedTask;
    }

    private (ImageMeta Meta, byte[] Data) Find(Guid imageId) =>
        _images.TryGetValue(imageId, out var image) ? image : throw new ImageNotFoundException(imageId.ToString());
}
