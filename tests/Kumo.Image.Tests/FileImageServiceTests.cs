using System.Security.Cryptography;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Image.Tests;

public sealed class FileImageServiceTests : ImageServiceTest
{
    [Fact]
    public async Task Create_upload_get_and_open_read_round_trip()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17); // crosses the 1 MiB copy buffer
        var created = await Service.CreateAsync(NewImage("cirros", "qcow2"));
        Assert.Equal(ImageStatus.Queued, created.Status);
        Assert.Equal(Clock.GetUtcNow(), created.CreatedAt);
        Assert.Null(created.Size);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var uploaded = await Service.UploadAsync(created.Id, new MemoryStream(data));

        var fetched = await Service.GetAsync(created.Id);
        Assert.Equal(uploaded, fetched);
        Assert.Equal(ImageStatus.Active, fetched.Status);
        Assert.Equal(data.Length, fetched.Size);
        Assert.Equal(Clock.GetUtcNow(), fetched.UpdatedAt);
        await using var read = await Service.OpenReadAsync(created.Id);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        Assert.Single(await Service.ListAsync());
    }

    [Fact]
    public async Task Checksum_is_the_md5_of_the_data_as_glance_records_it()
    {
        var data = "kernel bytes"u8.ToArray();
        var image = await Service.CreateAsync(NewImage("k", "aki", "aki"));

        var uploaded = await Service.UploadAsync(image.Id, new MemoryStream(data));

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), uploaded.Checksum);
    }

    [Fact]
    public async Task Second_upload_is_refused_with_409_and_keeps_the_first_data()
    {
        var image = await Service.CreateAsync(NewImage("once", "raw"));
        await Service.UploadAsync(image.Id, new MemoryStream([1, 2, 3]));

        var error = await Assert.ThrowsAsync<InvalidImageStatusTransitionException>(
            () => Service.UploadAsync(image.Id, new MemoryStream([4, 5, 6])));

        Assert.Equal(409, error.Code);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Service.DataPath(image.Id)));
    }

    [Theory]
    [InlineData("vmdk", "bare")]
    [InlineData("qcow3", "bare")]
    [InlineData("raw", "docker")]
    public async Task Unknown_format_is_rejected_with_400_and_nothing_is_stored(string diskFormat, string containerFormat)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Service.CreateAsync(NewImage("bad", diskFormat, containerFormat)));

        Assert.Equal(400, error.Code);
        Assert.Equal(0, Store.Count);
        Assert.False(Directory.Exists(ImagesPath) && Directory.EnumerateFileSystemEntries(ImagesPath).Any());
    }

    [Fact]
    public async Task Unknown_image_is_not_found_for_every_operation()
    {
        var id = Guid.NewGuid();

        Assert.Equal(404, (await Assert.ThrowsAsync<ImageNotFoundException>(() => Service.GetAsync(id))).Code);
        await Assert.ThrowsAsync<ImageNotFoundException>(() => Service.OpenReadAsync(id));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => Service.UploadAsync(id, new MemoryStream([1])));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => Service.DeleteAsync(id));
    }

    [Fact]
    public async Task Queued_image_cannot_be_read()
    {
        var image = await Service.CreateAsync(NewImage("empty", "raw"));

        var error = await Assert.ThrowsAsync<ImageUnacceptableException>(() => Service.OpenReadAsync(image.Id));

        Assert.Contains("queued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_the_record_and_the_file()
    {
        var image = await Service.CreateAsync(NewImage("gone", "raw"));
        await Service.UploadAsync(image.Id, new MemoryStream([9]));
        Assert.True(File.Exists(Service.DataPath(image.Id)));

        await Service.DeleteAsync(image.Id);

        Assert.False(File.Exists(Service.DataPath(image.Id)));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => Service.GetAsync(image.Id));
        Assert.Empty(Directory.EnumerateFileSystemEntries(ImagesPath));
    }

    [Fact]
    public async Task Failed_upload_returns_the_image_to_queued_and_leaves_no_file()
    {
        var image = await Service.CreateAsync(NewImage("flaky", "raw"));

        await Assert.ThrowsAsync<IOException>(() => Service.UploadAsync(image.Id, new FailingStream(bytesBeforeFailure: 5000)));

        Assert.Equal(ImageStatus.Queued, (await Service.GetAsync(image.Id)).Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ImagesPath));
        var retried = await Service.UploadAsync(image.Id, new MemoryStream([7, 7]));
        Assert.Equal(ImageStatus.Active, retried.Status);
    }

    [Fact]
    public async Task Create_assigns_an_id_when_none_is_given_and_refuses_a_duplicate()
    {
        var created = await Service.CreateAsync(NewImage("no id", "raw") with { Id = Guid.Empty });
        Assert.NotEqual(Guid.Empty, created.Id);

        var error = await Assert.ThrowsAsync<DuplicateImageException>(() => Service.CreateAsync(NewImage("again", "raw") with { Id = created.Id }));
        Assert.Equal(409, error.Code);
    }

    [Fact]
    public async Task Uploaded_image_data_is_0600_in_a_0700_store()
    {
        var created = await Service.CreateAsync(NewImage("private", "raw"));

        await Service.UploadAsync(created.Id, new MemoryStream(new byte[4096]));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Service.DataPath(created.Id)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ImagesPath));
    }

    private static ImageMeta NewImage(string name, string diskFormat, string containerFormat = "bare") => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        DiskFormat = diskFormat,
        ContainerFormat = containerFormat,
        // What a client might send; the service must ignore it.
        Status = ImageStatus.Active,
        Checksum = "client-supplied",
    };

    /// <summary>A client connection that drops after some bytes.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _left = bytesBeforeFailure;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0)
            {
                throw new IOException("connection reset");
            }
            var n = Math.Min(count, _left);
            _left -= n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
