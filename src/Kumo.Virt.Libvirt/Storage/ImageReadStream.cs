using Kumo.Objects.Errors;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// The image service's data as the cache reads it: a read that fails part way becomes
/// <see cref="ImageDownloadFailedException"/> naming the image and how far it got, so that the
/// image service failing (the same for every host: no reschedule) is told apart from this host's
/// own disk failing the write (a plain IOException: another host may have room).
/// </summary>
internal sealed class ImageReadStream(Guid imageId, Stream inner) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            _read += n;
            return n;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or KumoException)
        {
            throw new ImageDownloadFailedException(imageId, _read, ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
