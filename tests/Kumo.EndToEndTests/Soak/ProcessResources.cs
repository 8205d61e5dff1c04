using System.Globalization;

namespace Kumo.EndToEndTests.Soak;

/// <summary>
/// What this process holds (the in-process `kumo serve` of <see cref="LibvirtCloud"/>, alone in the test
/// process: the end-to-end tests run one at a time): open file descriptors by what they point at, the
/// managed heap after a full collection, resident memory, and the thread pool's threads.
/// </summary>
public sealed record ProcessResources(IReadOnlyList<string> FileDescriptors, double HeapMb, double ResidentMb, int Threads)
{
    public static ProcessResources Now()
    {
        // Twice, with the finalizers in between: SafeHandles of closed sockets and files go in the first pass.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
        var fds = Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "?").ToList();
        var rss = long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            ["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return new ProcessResources(fds, heap, rss, ThreadPool.ThreadCount);
    }

    /// <summary>The SQLite files (the read pool keeps one connection per reader that ran at once).</summary>
    public int Database => FileDescriptors.Count(IsDatabase);

    public int Other => FileDescriptors.Count(t => !IsDatabase(t));

    /// <summary>socket, pipe, anon_inode:[eventfd] …, or a file's name without its directory.</summary>
    public static string Kind(string target) =>
        target.StartsWith("socket:", StringComparison.Ordinal) ? "socket"
        : target.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe"
        : target.StartsWith('/') ? Path.GetFileName(target) : target;

    /// <summary>"socket +2, pipe -1": what changed from <paramref name="before"/>, by kind.</summary>
    public string DifferenceFrom(ProcessResources before)
    {
        var changes = FileDescriptors.Concat(before.FileDescriptors).Select(Kind).Distinct(StringComparer.Ordinal)
            .Select(k => (Kind: k, Delta: FileDescriptors.Count(t => Kind(t) == k) - before.FileDescriptors.Count(t => Kind(t) == k)))
            .Where(d => d.Delta != 0);
        return string.Join(", ", changes.Select(d => $"{d.Kind} {d.Delta:+0;-0}"));
    }

    private static bool IsDatabase(string target) => Path.GetFileName(target) is "kumo.db" or "kumo.db-wal" or "kumo.db-shm";
}
