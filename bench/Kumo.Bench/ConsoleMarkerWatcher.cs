using System.Diagnostics;
using System.Text;

namespace Kumo.Bench;

/// <summary>
/// Watches a guest's serial console log file for a marker line. It reads the file itself (not
/// Kumo's console RPC) so that Kumo and plain libvirt are observed exactly the same way, and the
/// observation costs no more than an open, a seek and a short read every few milliseconds.
/// </summary>
internal static class ConsoleMarkerWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Returns the <see cref="Stopwatch"/> timestamp at which the marker was first seen.</summary>
    public static async Task<long> WaitAsync(string path, string marker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var markerBytes = Encoding.ASCII.GetBytes(marker);
        var seen = new List<byte>(); // only the last marker.Length - 1 bytes are kept between reads
        long offset = 0;
        var buffer = new byte[64 * 1024];
        while (true)
        {
            if (File.Exists(path))
            {
                // Reopened on every poll: libvirt creates (and truncates) the file when QEMU starts,
                // so a handle opened earlier could point at a file that is being replaced.
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                if (stream.Length < offset)
                {
                    offset = 0;
                    seen.Clear();
                }
                stream.Seek(offset, SeekOrigin.Begin);
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    offset += read;
                    seen.AddRange(buffer.AsSpan(0, read));
                    if (seen.ToArray().AsSpan().IndexOf(markerBytes) >= 0)
                    {
                        return Stopwatch.GetTimestamp();
                    }
                    seen.RemoveRange(0, Math.Max(0, seen.Count - (markerBytes.Length - 1)));
                }
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"'{marker}' did not appear in {path} within {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
