using System.Diagnostics;

namespace Kumo.EndToEndTests;

/// <summary>
/// busybox ping every 100 ms from a namespace, for as long as it is not disposed, with the time each reply was read
/// (<see cref="Stopwatch.GetTimestamp"/>): measures when a firewall change lets traffic through or stops it. It is one
/// echo flow (one ICMP id) throughout, established in conntrack once answered.
/// </summary>
public sealed class ContinuousPing : IDisposable
{
    private readonly Process _process;
    private readonly List<long> _replies = [];
    private readonly Task _reader;

    public ContinuousPing(string netns, string address)
    {
        var start = new ProcessStartInfo(Kumo.OsVif.Host.HostTools.Ip) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", netns, NetworkProbe.Busybox, "ping", "-i", "0.1", address })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("ping did not start");
        _reader = Task.Run(ReadAsync);
    }

    public long? LastReply
    {
        get
        {
            lock (_replies)
            {
                return _replies.Count > 0 ? _replies[^1] : null;
            }
        }
    }

    /// <summary>Replies read before <paramref name="timestamp"/>.</summary>
    public int RepliesBefore(long timestamp)
    {
        lock (_replies)
        {
            return _replies.Count(t => t < timestamp);
        }
    }

    /// <summary>The time of the first reply read after <paramref name="timestamp"/>; null when none came within <paramref name="timeout"/>.</summary>
    public async Task<long?> FirstReplyAfterAsync(long timestamp, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            lock (_replies)
            {
                if (_replies.FirstOrDefault(t => t >= timestamp) is var first and > 0)
                {
                    return first;
                }
            }
            await Task.Delay(10);
        }
        return null;
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            // "64 bytes from 10.0.0.5: seq=3 ttl=64 time=1.2 ms"
            if (line.Contains(" bytes from ", StringComparison.Ordinal))
            {
                lock (_replies)
                {
                    _replies.Add(Stopwatch.GetTimestamp());
                }
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
        _reader.Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}
