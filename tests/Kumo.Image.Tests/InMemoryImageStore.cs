using System.Collections.Concurrent;
using Kumo.Db.Stores;
using Kumo.Objects.Images;

namespace Kumo.Image.Tests;

/// <summary>Test double for the image records; the real SqlImageStore has its own tests in Kumo.Db.Tests.</summary>
public sealed class InMemoryImageStore : IImageStore
{
    private readonly ConcurrentDictionary<Guid, ImageMeta> _images = new();
    private readonly ConcurrentDictionary<(Guid, string), ImageMember> _members = new();

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

    public Task UpdateMetadataAsync(ImageMeta image, CancellationToken cancellationToken = default)
    {
        var stored = _images.TryGetValue(image.Id, out var s) ? s : throw new InvalidOperationException($"unknown {image.Id}");
        _images[image.Id] = image with
        {
            Status = stored.Status, Size = stored.Size, Checksum = stored.Checksum, OsHashAlgo = stored.OsHashAlgo, OsHashValue = stored.OsHashValue,
        };
        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        _images.TryRemove(imageId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImageMember>> ListMembersAsync(Guid imageId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImageMember>>([.. _members.Values.Where(m => m.ImageId == imageId)]);

    public Task<IReadOnlyDictionary<Guid, ImageMember>> ListMembershipsAsync(string memberId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<Guid, ImageMember>>(_members.Values.Where(m => m.MemberId == memberId).ToDictionary(m => m.ImageId));

    public Task<ImageMember?> TryGetMemberAsync(Guid imageId, string memberId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_members.TryGetValue((imageId, memberId), out var m) ? m : null);

    public Task<bool> TryCreateMemberAsync(ImageMember member, CancellationToken cancellationToken = default) =>
        Task.FromResult(_members.TryAdd((member.ImageId, member.MemberId), member));

    public Task<bool> UpdateMemberAsync(ImageMember member, CancellationToken cancellationToken = default)
    {
        if (!_members.ContainsKey((member.ImageId, member.MemberId)))
        {
            return Task.FromResult(false);
        }
        _members[(member.ImageId, member.MemberId)] = member;
        return Task.FromResult(true);
    }

    public Task<bool> DeleteMemberAsync(Guid imageId, string memberId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_members.TryRemove((imageId, memberId), out _));
}
