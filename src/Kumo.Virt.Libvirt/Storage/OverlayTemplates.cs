using System.Collections.Concurrent;
using Kumo.Common.IO;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// New qcow2 overlays without a qemu-img process each. qemu-img writes no time, id or random bytes into
/// a fresh overlay: the file is the same for the same backing file, backing format and size (checked
/// with cmp on QEMU 7.2; a 1 GiB overlay is 196 KiB, of which three 4 KiB blocks are not zero). The
/// first overlay of a kind is made by qemu-img; later ones are written from its non-zero blocks. The
/// create saved is 20-40 ms of process start on a loaded 2-core host, per disk.
/// </summary>
internal sealed class OverlayTemplates(QemuImg qemuImg)
{
    // ~12 KiB each: bounded so that many images times many flavor sizes cannot grow without end.
    private const int MaxTemplates = 256;
    private const int BlockSize = 4096;

    private readonly ConcurrentDictionary<(string Backing, string Format, long Size), Template> _templates = new();

    public async Task CreateAsync(string overlayPath, string backingPath, string backingFormat, long sizeBytes, CancellationToken cancellationToken)
    {
        var key = (backingPath, backingFormat, sizeBytes);
        if (_templates.TryGetValue(key, out var template))
        {
            await template.WriteAsync(overlayPath, cancellationToken);
            return;
        }
        await qemuImg.CreateOverlayAsync(overlayPath, backingPath, backingFormat, sizeBytes, cancellationToken);
        if (_templates.Count < MaxTemplates)
        {
            _templates.TryAdd(key, Template.Of(await File.ReadAllBytesAsync(overlayPath, cancellationToken)));
        }
    }

    /// <summary>An overlay file as its length and its non-zero blocks (the rest is a hole, read as zeros).</summary>
    private sealed record Template(long Length, IReadOnlyList<(long Offset, byte[] Bytes)> Blocks)
    {
        public static Template Of(byte[] file)
        {
            var blocks = new List<(long, byte[])>();
            for (var offset = 0; offset < file.Length; offset += BlockSize)
            {
                var block = file.AsSpan(offset, Math.Min(BlockSize, file.Length - offset));
                if (block.ContainsAnyExcept((byte)0))
                {
                    blocks.Add((offset, block.ToArray()));
                }
            }
            return new Template(file.Length, blocks);
        }

        public async Task WriteAsync(string path, CancellationToken cancellationToken)
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = PrivateFiles.OwnerOnlyFile };
            await using var file = new FileStream(path, options);
            file.SetLength(Length);
            foreach (var (offset, bytes) in Blocks)
            {
                file.Position = offset;
                await file.WriteAsync(bytes, cancellationToken);
            }
        }
    }
}
