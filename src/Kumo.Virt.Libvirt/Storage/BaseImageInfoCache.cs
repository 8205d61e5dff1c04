using System.Collections.Concurrent;

namespace Kumo.Virt.Libvirt.Storage;

/// <summary>
/// qemu-img info of the image cache's bases, read once per version of the file. A base is written once
/// (a fill lands by rename, so a new version is a new file with its own size and mtime) and only read
/// after, so what info says of it (format, virtual size, backing file, data file) holds until its size
/// or modification time changes, when it is read again. Saves a qemu-img process per spawn: 10-25 ms on
/// this 2-core host, on the critical path before the disks are made.
/// </summary>
internal sealed class BaseImageInfoCache(QemuImg qemuImg)
{
    // A handful of images in use at once is typical; bounded so a cache of many images stays small.
    private const int MaxEntries = 512;

    private readonly ConcurrentDictionary<(string Path, string Format), (FileVersion Version, QemuImageInfo Info)> _entries = new();

    public async Task<QemuImageInfo> InfoAsync(string path, string format, CancellationToken cancellationToken)
    {
        var version = FileVersion.Of(path);
        if (version is not null && _entries.TryGetValue((path, format), out var known) && known.Version == version)
        {
            return known.Info;
        }
        var info = await qemuImg.InfoAsync(path, format, cancellationToken);
        // Read again after info: a file replaced while qemu-img read it is not remembered.
        if (version is not null && FileVersion.Of(path) == version && (_entries.Count < MaxEntries || _entries.ContainsKey((path, format))))
        {
            _entries[(path, format)] = (version, info);
        }
        return info;
    }

    private sealed record FileVersion(long Length, DateTime ModifiedUtc)
    {
        public static FileVersion? Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileVersion(file.Length, file.LastWriteTimeUtc) : null;
        }
    }
}
