namespace Kumo.Common.IO;

/// <summary>
/// A forward-only, read-only view of another stream that counts what was read: the base of streams
/// that watch a read (the image cache's download, tests' injected failures). Subclasses override
/// <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> and add to <see cref="BytesRead"/>.
/// </summary>
public abstract class ReadOnlyWrappingStream(Stream inner) : Stream
{
    protected Stream Inner => inner;

    /// <summary>How many bytes the reader got so far (Position reads it).</summary>
    protected long BytesRead { get; set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

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

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
