using System.Security.Cryptography;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Image.Tests;

public sealed class FileImageServiceTests : IDisposable
{
    private readonly string _imagesPath = Path.Combine(Path.GetTempPath(), $"kumo-images-{Guid.NewGuid():N}");
    private readonly InMemoryImageStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FileImageService _service;

    public FileImageServiceTests() =>
        _service = new FileImageService(_store, _imagesPath, _clock, NullLogger<FileImageService>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_imagesPath))
        {
            Directory.Delete(_imagesPath, recursive: true);
        }
    }

    [Fact]
    public async Task Create_upload_get_and_open_read_round_trip()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17); // crosses the 1 MiB copy buffer
        var created = await _service.CreateAsync(NewImage("cirros", "qcow2"));
        Assert.Equal(ImageStatus.Queued, created.Status);
        Assert.Equal(_clock.GetUtcNow(), created.CreatedAt);
        Assert.Null(created.Size);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var uploaded = await _service.UploadAsync(created.Id, new MemoryStream(data));

        var fetched = await _service.GetAsync(created.Id);
        Assert.Equal(uploaded, fetched);
        Assert.Equal(ImageStatus.Active, fetched.Status);
        Assert.Equal(data.Length, fetched.Size);
        Assert.Equal(_clock.GetUtcNow(), fetched.UpdatedAt);
        await using var read = await _service.OpenReadAsync(created.Id);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        Assert.Single(await _service.ListAsync());
    }

    [Fact]
    public async Task Checksum_is_the_md5_of_the_data_as_glance_records_it()
    {
        var data = "kernel bytes"u8.ToArray();
        var image = await _service.CreateAsync(NewImage("k", "aki", "aki"));

        var uploaded = await _service.UploadAsync(image.Id, new MemoryStream(data));

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), uploaded.Checksum);
    }

    [Fact]
    public async Task Second_upload_is_refused_with_409_and_keeps_the_first_data()
    {
        var image = await _service.CreateAsync(NewImage("once", "raw"));
        await _service.UploadAsync(image.Id, new MemoryStream([1, 2, 3]));

        var error = await Assert.ThrowsAsync<InvalidImageStatusTransitionException>(
            () => _service.UploadAsync(image.Id, new MemoryStream([4, 5, 6])));

        Assert.Equal(409, error.Code);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(_service.DataPath(image.Id)));
    }

    [Theory]
    [InlineData("vmdk", "bare")]
    [InlineData("qcow3", "bare")]
    [InlineData("raw", "docker")]
    public async Task Unknown_format_is_rejected_with_400_and_nothing_is_stored(string diskFormat, string containerFormat)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => _service.CreateAsync(NewImage("bad", diskFormat, containerFormat)));

        Assert.Equal(400, error.Code);
        Assert.Equal(0, _store.Count);
        Assert.False(Directory.Exists(_imagesPath) && Directory.EnumerateFileSystemEntries(_imagesPath).Any());
    }

    [Fact]
    public async Task Unknown_image_is_not_found_for_every_operation()
    {
        var id = Guid.NewGuid();

        Assert.Equal(404, (await Assert.ThrowsAsync<ImageNotFoundException>(() => _service.GetAsync(id))).Code);
        await Assert.ThrowsAsync<ImageNotFoundException>(() => _service.OpenReadAsync(id));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => _service.UploadAsync(id, new MemoryStream([1])));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => _service.DeleteAsync(id));
    }

    [Fact]
    public async Task Queued_image_cannot_be_read()
    {
        var image = await _service.CreateAsync(NewImage("empty", "raw"));

        var error = await Assert.ThrowsAsync<ImageUnacceptableException>(() => _service.OpenReadAsync(image.Id));

        Assert.Contains("queued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_the_record_and_the_file()
    {
        var image = await _service.CreateAsync(NewImage("gone", "raw"));
        await _service.UploadAsync(image.Id, new MemoryStream([9]));
        Assert.True(File.Exists(_service.DataPath(image.Id)));

        await _service.DeleteAsync(image.Id);

        Assert.False(File.Exists(_service.DataPath(image.Id)));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => _service.GetAsync(image.Id));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_imagesPath));
    }

    [Fact]
    public async Task Failed_upload_returns_the_image_to_queued_and_leaves_no_file()
    {
        var image = await _service.CreateAsync(NewImage("flaky", "raw"));

        await Assert.ThrowsAsync<IOException>(() => _service.UploadAsync(image.Id, new FailingStream(bytesBeforeFailure: 5000)));

        Assert.Equal(ImageStatus.Queued, (await _service.GetAsync(image.Id)).Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_imagesPath));
        var retried = await _service.UploadAsync(image.Id, new MemoryStream([7, 7]));
        Assert.Equal(ImageStatus.Active, retried.Status);
    }

    [Fact]
    public async Task Create_assigns_an_id_when_none_is_given_and_refuses_a_duplicate()
    {
        var created = await _service.CreateAsync(NewImage("no id", "raw") with { Id = Guid.Empty });
        Assert.NotEqual(Guid.Empty, created.Id);

        var error = await Assert.ThrowsAsync<DuplicateImageException>(() => _service.CreateAsync(NewImage("again", "raw") with { Id = created.Id }));
        Assert.Equal(409, error.Code);
    }

    [Fact]
    public async Task Uploaded_image_data_is_0600_in_a_0700_store()
    {
        var created = await _service.CreateAsync(NewImage("private", "raw"));

        await _service.UploadAsync(created.Id, new MemoryStream(new byte[4096]));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_service.DataPath(created.Id)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_imagesPath));
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
