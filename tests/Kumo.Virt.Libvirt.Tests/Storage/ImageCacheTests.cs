using System.Security.Cryptography;
using Kumo.Objects.Errors;
using Kumo.Virt.Libvirt.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Storage;

public sealed class ImageCacheTests : IDisposable
{
    private readonly TempDirectory _instances = new();
    private readonly FakeImageService _images = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ImageCache _cache;

    public ImageCacheTests() =>
        _cache = new ImageCache(_instances.Path, _images, _clock, NullLogger<ImageCache>.Instance);

    public void Dispose() => _instances.Dispose();

    [Fact]
    public async Task Ten_concurrent_fetches_of_one_image_download_it_once()
    {
        var data = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var image = _images.Add(data);
        _images.OpenDelay = TimeSpan.FromMilliseconds(200);

        var paths = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _cache.FetchAsync(image))));

        Assert.Equal(1, _cache.DownloadCount);
        Assert.Equal(1, _images.OpenCount);
        Assert.Single(paths.Distinct());
        Assert.Equal(data, await File.ReadAllBytesAsync(paths[0]));
        Assert.Equal([paths[0]], _cache.ListCached());
    }

    [Fact]
    public async Task Cached_file_is_named_by_the_sha1_of_the_image_id_as_nova_names_it()
    {
        // sha1("155d900f-4e14-4e4c-a73d-069cbf4541e6") computed with Python's hashlib.
        var image = _images.Add([1, 2, 3], id: Guid.Parse("155d900f-4e14-4e4c-a73d-069cbf4541e6"));

        var path = await _cache.FetchAsync(image);

        Assert.Equal(_instances.Combine("_base", "f2d1a8250ed3d4b744a8250dab8f6840179d502a"), path);
    }

    [Fact]
    public async Task Two_images_are_both_fetched_and_a_second_fetch_is_a_hit()
    {
        var first = _images.Add([1, 1, 1]);
        var second = _images.Add([2, 2, 2]);

        var paths = await Task.WhenAll(_cache.FetchAsync(first), _cache.FetchAsync(second));
        await _cache.FetchAsync(first);

        Assert.Equal(2, _cache.DownloadCount);
        Assert.NotEqual(paths[0], paths[1]);
        Assert.Equal([1, 1, 1], await File.ReadAllBytesAsync(paths[0]));
        Assert.Equal([2, 2, 2], await File.ReadAllBytesAsync(paths[1]));
        Assert.Equal(paths.Order(StringComparer.Ordinal), _cache.ListCached());
    }

    [Fact]
    public async Task Cache_folder_is_0755_and_files_0644_so_qemu_can_read_them()
    {
        var path = await _cache.FetchAsync(_images.Add([5]));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(_cache.BasePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Checksum_mismatch_is_unacceptable_and_leaves_no_file()
    {
        var image = _images.Add([1, 2, 3]) with { Checksum = "0123456789abcdef0123456789abcdef" };

        var error = await Assert.ThrowsAsync<ImageUnacceptableException>(() => _cache.FetchAsync(image));

        Assert.Contains("checksum mismatch: expected 0123456789abcdef0123456789abcdef, got " + Convert.ToHexStringLower(MD5.HashData([1, 2, 3])), error.Message, StringComparison.Ordinal);
        Assert.Equal(image.Id, error.ImageId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.BasePath));
        Assert.Equal(0, _cache.DownloadCount);
    }

    [Fact]
    public async Task Missing_checksum_is_unacceptable_and_nothing_is_downloaded()
    {
        var image = _images.Add([1, 2, 3]) with { Checksum = null };

        await Assert.ThrowsAsync<ImageUnacceptableException>(() => _cache.FetchAsync(image));

        Assert.Equal(0, _images.OpenCount);
        Assert.Empty(_cache.ListCached());
    }

    [Fact]
    public async Task Checksum_comparison_ignores_case()
    {
        var image = _images.Add([4, 5, 6]);

        var path = await _cache.FetchAsync(image with { Checksum = image.Checksum!.ToUpperInvariant() });

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Cancelled_download_leaves_no_partial_file()
    {
        var image = _images.Add([7, 8, 9]);
        _images.OpenDelay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _cache.FetchAsync(image, cancel.Token));

        Assert.False(Directory.Exists(_cache.BasePath) && Directory.EnumerateFileSystemEntries(_cache.BasePath).Any());
    }

    [Fact]
    public async Task Remove_unused_deletes_only_old_images_no_instance_uses()
    {
        var used = _images.Add([1]);
        var unused = _images.Add([2]);
        var usedPath = await _cache.FetchAsync(used);
        var unusedPath = await _cache.FetchAsync(unused);
        var foreign = _instances.Combine("_base", "ephemeral_10_40d1d2c"); // Nova keeps these here too
        await File.WriteAllTextAsync(foreign, "not ours");

        _clock.Advance(TimeSpan.FromHours(23));
        Assert.Empty(_cache.RemoveUnused([], minAge: TimeSpan.FromHours(24)));

        _clock.Advance(TimeSpan.FromHours(2));
        var young = _images.Add([3]);
        var youngPath = await _cache.FetchAsync(young);
        var removed = _cache.RemoveUnused([used.Id], minAge: TimeSpan.FromHours(24));

        Assert.Equal([unusedPath], removed);
        Assert.Equal(new[] { usedPath, youngPath }.Order(StringComparer.Ordinal), _cache.ListCached());
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public async Task A_fetch_refreshes_the_age_of_a_cached_image()
    {
        var image = _images.Add([1]);
        await _cache.FetchAsync(image);

        _clock.Advance(TimeSpan.FromHours(25));
        await _cache.FetchAsync(image); // a new build uses it: it must survive the next ageing pass

        Assert.Empty(_cache.RemoveUnused([], minAge: TimeSpan.FromHours(24)));
        Assert.Equal(1, _cache.DownloadCount);
    }
}
