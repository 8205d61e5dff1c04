using System.Security.Cryptography;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Image.Tests;

public sealed class UploadLimitsAndRecoveryTests : ImageServiceTest
{
    [Fact]
    public async Task Upload_records_the_sha512_multihash_next_to_the_md5_checksum()
    {
        var data = RandomNumberGenerator.GetBytes((1 << 20) + 3);
        var image = await Service.CreateAsync(NewImage());

        var active = await Service.UploadAsync(image.Id, new MemoryStream(data));

        Assert.Equal("sha512", active.OsHashAlgo);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(data)), active.OsHashValue);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), active.Checksum);
        Assert.Equal(data.Length, active.Size);
    }

    [Fact]
    public async Task An_upload_over_the_cap_is_refused_and_the_image_is_queued_with_no_file()
    {
        var image = await Service.CreateAsync(NewImage());

        var error = await Assert.ThrowsAsync<ImageTooLargeException>(
            () => Service.UploadAsync(image.Id, new MemoryStream(new byte[(1 << 20) + 1]), sizeCap: 1 << 20, CancellationToken.None));

        Assert.Equal(413, error.Code);
        var stored = await Service.GetAsync(image.Id);
        Assert.Equal(ImageStatus.Queued, stored.Status);
        Assert.Null(stored.Size);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ImagesPath));
    }

    [Fact]
    public async Task An_upload_of_exactly_the_cap_is_accepted()
    {
        var image = await Service.CreateAsync(NewImage());

        var active = await Service.UploadAsync(image.Id, new MemoryStream(new byte[4096]), sizeCap: 4096, CancellationToken.None);

        Assert.Equal(ImageStatus.Active, active.Status);
    }

    [Fact]
    public async Task Formats_may_be_unset_at_create_but_data_needs_them()
    {
        var image = await Service.CreateAsync(NewImage() with { DiskFormat = "", ContainerFormat = "" });

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Service.UploadAsync(image.Id, new MemoryStream([1, 2])));

        Assert.Contains("disk_format, container_format must be set", error.Message, StringComparison.Ordinal);
        Assert.Equal(ImageStatus.Queued, (await Service.GetAsync(image.Id)).Status);
        Assert.False(Directory.Exists(ImagesPath) && Directory.EnumerateFileSystemEntries(ImagesPath).Any());
    }

    [Fact]
    public async Task Recovery_at_start_returns_saving_images_to_queued_and_removes_partial_data()
    {
        var interrupted = await Service.CreateAsync(NewImage());
        var done = await Service.CreateAsync(NewImage());
        await Service.UploadAsync(done.Id, new MemoryStream([1, 2, 3]));
        // What a crash mid-upload leaves: the record saving, a temporary file, maybe a renamed one.
        await Store.UpdateAsync(interrupted with { Status = ImageStatus.Saving, Size = 10, Checksum = "x" });
        Directory.CreateDirectory(ImagesPath);
        await File.WriteAllBytesAsync(Path.Combine(ImagesPath, $"{interrupted.Id}.{Guid.NewGuid():N}.upload"), [5, 5]);
        await File.WriteAllBytesAsync(Service.DataPath(interrupted.Id), [5]);
        Clock.Advance(TimeSpan.FromMinutes(3));

        var reset = await Service.RecoverInterruptedUploadsAsync();

        Assert.Equal([interrupted.Id], reset);
        var recovered = await Service.GetAsync(interrupted.Id);
        Assert.Equal(ImageStatus.Queued, recovered.Status);
        Assert.Null(recovered.Size);
        Assert.Null(recovered.Checksum);
        Assert.Equal(Clock.GetUtcNow(), recovered.UpdatedAt);
        Assert.Equal([Service.DataPath(done.Id)], Directory.EnumerateFileSystemEntries(ImagesPath));
        Assert.Equal(ImageStatus.Active, (await Service.GetAsync(done.Id)).Status);
        var retried = await Service.UploadAsync(interrupted.Id, new MemoryStream([7]));
        Assert.Equal(ImageStatus.Active, retried.Status);
    }

    private static ImageMeta NewImage() => new() { Id = Guid.NewGuid(), Name = "img", DiskFormat = "raw", ContainerFormat = "bare" };
}
