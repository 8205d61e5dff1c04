using System.Collections.Concurrent;
using Kumo.Db.Stores;
using Kumo.Objects.Images;

namespace Kumo.Image.Tests;

/// <summary>Test double for the image records; the real SqlImageStore has its own tests in Kumo.Db.Tests.</summary>
internal sealed class InMemoryImageStore : IImageStore
{
    private readonly ConcurrentDictionary<Guid, ImageMeta> _images = new();

    public int Count => _images.Count;

    public Task CreateAsync(ImageMeta image, CancellationToken cancellationToken = default) =>
        _images.TryAdd(image.Id, image) ? Task.CompletedTask : throw new InvalidOperationException($"duplicate {image.Id}");

    public Task<ImageMeta?> TryGetAsync(Guid imageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_images.TryGetValue(imageId, out var image) ? image : null);

    public Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageMeta>>([.. _images.Values.OrderBy(i => i.CreatedAt)]);

    public Task UpdateAsync(ImageMeta image, CancellationToken cancellationToken = default)
    {
        _images[image.Id] = _images.ContainsKey(image.Id) ? image : throw new InvalidOperationException($"unknown {image.Id}");
        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        _images.TryRemove(imageId, out _);
        return Task.CompletedTask;
    }
}
