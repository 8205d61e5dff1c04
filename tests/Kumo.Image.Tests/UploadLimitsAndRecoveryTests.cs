using System.Security.Cryptography;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Image.Tests;

public sealed class UploadLimitsAndRecoveryTests : IDisposable
{
    private readonly string _imagesPath = Path.Combine(Path.GetTempPath(), $"kumo-images-{Guid.NewGuid():N}");
    private readonly InMemoryImageStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly FileImageService _service;

    public UploadLimitsAndRecoveryTests() =>
        _service = new FileImageService(_store, _imagesPath, _clock, NullLogger<FileImageService>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_imagesPath))
        {
            Directory.Delete(_imagesPath, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_records_the_sha512_multihash_next_to_the_md5_checksum()
    {
        var data = RandomNumberGenerator.GetBytes((1 << 20) + 3);
        var image = await _service.CreateAsync(NewImage());

        var active = await _service.UploadAsync(image.Id, new MemoryStream(data));

        Assert.Equal("sha512", active.OsHashAlgo);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(data)), active.OsHashValue);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), active.Checksum);
        Assert.Equal(data.Length, active.Size);
    }

    [Fact]
    public async Task An_upload_over_the_cap_is_refused_and_the_image_is_queued_with_no_file()
    {
        var image = await _service.CreateAsync(NewImage());

        var error = await Assert.ThrowsAsync<ImageTooLargeException>(
            () => _service.UploadAsync(image.Id, new MemoryStream(new byte[(1 << 20) + 1]), sizeCap: 1 << 20, CancellationToken.None));

        Assert.Equal(413, error.Code);
        var stored = await _service.GetAsync(image.Id);
        Assert.Equal(ImageStatus.Queued, stored.Status);
        Assert.Null(stored.Size);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_imagesPath));
    }

    [Fact]
    public async Task An_upload_of_exactly_the_cap_is_accepted()
    {
        var image = await _service.CreateAsync(NewImage());

        var active = await _service.UploadAsync(image.Id, new MemoryStream(new byte[4096]), sizeCap: 4096, CancellationToken.None);

        Assert.Equal(ImageStatus.Active, active.Status);
    }

    [Fact]
    public async Task Formats_may_be_unset_at_create_but_data_needs_them()
    {
        var image = await _service.CreateAsync(NewImage() with { DiskFormat = "", ContainerFormat = "" });

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _service.UploadAsync(image.Id, new MemoryStream([1, 2])));

        Assert.Contains("disk_format, container_format must be set", error.Message, StringComparison.Ordinal);
        Assert.Equal(ImageStatus.Queued, (await _service.GetAsync(image.Id)).Status);
        Assert.False(Directory.Exists(_imagesPath) && Directory.EnumerateFileSystemEntries(_imagesPath).Any());
    }

    [Fact]
    public async Task Recovery_at_start_returns_saving_images_to_queued_and_removes_partial_data()
    {
        var interrupted = await _service.CreateAsync(NewImage());
        var done = await _service.CreateAsync(NewImage());
        await _service.UploadAsync(done.Id, new MemoryStream([1, 2, 3]));
        // What a crash mid-upload leaves: the record saving, a temporary file, maybe a renamed one.
        await _store.UpdateAsync(interrupted with { Status = ImageStatus.Saving, Size = 10, Checksum = "x" });
        Directory.CreateDirectory(_imagesPath);
        await File.WriteAllBytesAsync(Path.Combine(_imagesPath, $"{interrupted.Id}.{Guid.NewGuid():N}.upload"), [5, 5]);
        await File.WriteAllBytesAsync(_service.DataPath(interrupted.Id), [5]);
        _clock.Advance(TimeSpan.FromMinutes(3));

        var reset = await _service.RecoverInterruptedUploadsAsync();

        Assert.Equal([interrupted.Id], reset);
        var recovered = await _service.GetAsync(interrupted.Id);
        Assert.Equal(ImageStatus.Queued, recovered.Status);
        Assert.Null(recovered.Size);
        Assert.Null(recovered.Checksum);
        Assert.Equal(_clock.GetUtcNow(), recovered.UpdatedAt);
        Assert.Equal([_service.DataPath(done.Id)], Directory.EnumerateFileSystemEntries(_imagesPath));
        Assert.Equal(ImageStatus.Active, (await _service.GetAsync(done.Id)).Status);
        var retried = await _service.UploadAsync(interrupted.Id, new MemoryStream([7]));
        Assert.Equal(ImageStatus.Active, retried.Status);
    }

    private static ImageMeta NewImage() => new() { Id = Guid.NewGuid(), Name = "img", DiskFormat = "raw", ContainerFormat = "bare" };
}
