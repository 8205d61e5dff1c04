using System.Diagnostics;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Objects.Context;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// Control-plane throughput: N servers created as fast as a few clients can ask, on the fake driver,
/// through the whole API → bus → compute manager → store path, then deleted again. The store is a
/// SQLite file (the real default), logging is off, max_concurrent_builds is the default.
/// </summary>
internal static class ThroughputBenchmark
{
    private const int Clients = 8;
    private const int WarmUp = 20;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(stateDir);
        AnsiConsole.MarkupLineInterpolated($"[bold]throughput[/]: {count} servers on the fake driver from {Clients} clients; state in {stateDir}");
        var rssReset = PeakRss.TryReset();
        var gcPause = GC.GetTotalPauseDuration();
        try
        {
            var options = new KumoOptions { StateDir = stateDir, VirtDriver = "fake" };
            options.Compute.Host = "bench-fake";
            await using var cloud = await InProcessHost.StartAsync(options, NullLoggerFactory.Instance, cancellationToken);
            var image = await UploadImageAsync(cloud, stateDir, cancellationToken);

            // Not counted: JIT-compiles the create and delete paths so the first builds do not pay for it.
            await RoundAsync(cloud, image, WarmUp, "warm", cancellationToken);
            gcPause = GC.GetTotalPauseDuration();

            var round = await RoundAsync(cloud, image, count, "tp", cancellationToken);
            Report(round, count, figures);
            figures.Add("throughput.peak_rss_mb", PeakRss.PeakMb(), 0);
            figures.Add("throughput.gc_pause_ms", (GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds, 0);
            if (!rssReset)
            {
                AnsiConsole.MarkupLine("  (could not reset VmHWM: peak RSS is the whole process's)");
            }
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static async Task<ImageMeta> UploadImageAsync(KumoHost cloud, string stateDir, CancellationToken cancellationToken)
    {
        var data = Path.Combine(stateDir, "disk.img");
        await File.WriteAllBytesAsync(data, new byte[4096], cancellationToken);
        return await GuestImages.UploadAsync(cloud.Shared.Images, "bench-image", "raw", "bare", data, new Dictionary<string, string>(), cancellationToken);
    }

    private static async Task<ThroughputRound> RoundAsync(KumoHost cloud, ImageMeta image, int count, string prefix, CancellationToken cancellationToken)
    {
        var round = new ThroughputRound(count);
        using var self = Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        var observer = new StoreObserver(cloud.Shared.Stores.Instances);

        var creating = RunClientsAsync(count, round.RequestStart, round.RequestEnd, async i =>
        {
            var created = await cloud.ComputeApi.CreateAsync(NewRequest(), new CreateServerRequest($"{prefix}-{i}", "1", image.Id, []), cancellationToken);
            round.Uuids[i] = created.Uuid;
        });
        await observer.PollUntilAsync(
            _ => creating.IsFaulted || (creating.IsCompleted && observer.ActiveSeen.Count + observer.ErrorSeen.Count >= count),
            SettleTimeout, cancellationToken);
        await creating;
        round.Observer = observer;
        self.Refresh();
        var cpuBuilt = self.TotalProcessorTime;
        round.BuildCpu = cpuBuilt - cpuStart;
        if (!observer.ErrorSeen.IsEmpty)
        {
            // E.g. more servers than the fake host holds (1000 vcpus x cpu_allocation_ratio 4 = 4000 m1.tiny).
            var fault = await cloud.Shared.Stores.InstanceFaults.GetLatestAsync(observer.ErrorSeen.Keys.First(), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"  [yellow]{observer.ErrorSeen.Count} servers in ERROR[/], e.g.: {fault?.Message ?? "no fault recorded"}");
        }

        var deleting = RunClientsAsync(count, round.DeleteStart, round.DeleteEnd, i => cloud.ComputeApi.DeleteAsync(NewRequest(), round.Uuids[i], cancellationToken));
        var deleteObserver = new StoreObserver(cloud.Shared.Stores.Instances);
        round.LeftAfterDelete = await deleteObserver.PollUntilAsync(list => deleting.IsFaulted || (deleting.IsCompleted && list.Count == 0), SettleTimeout, cancellationToken);
        round.NoneLeft = Stopwatch.GetTimestamp();
        await deleting;
        self.Refresh();
        round.DeleteCpu = self.TotalProcessorTime - cpuBuilt;
        return round;
    }

    /// <summary>Clients each take the next index until none is left, stamping each call's start and end.</summary>
    private static Task RunClientsAsync(int count, long[] start, long[] end, Func<int, Task> call)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                start[i] = Stopwatch.GetTimestamp();
                await call(i);
                end[i] = Stopwatch.GetTimestamp();
            }
        })));
    }

    private static void Report(ThroughputRound round, int count, Figures figures)
    {
        var observer = round.Observer!;
        var firstRequest = round.RequestStart.Min();
        var latencies = Enumerable.Range(0, count)
            .Where(i => observer.ActiveSeen.ContainsKey(round.Uuids[i]))
            .Select(i => Stopwatch.GetElapsedTime(round.RequestStart[i], observer.ActiveSeen[round.Uuids[i]]).TotalMilliseconds)
            .ToList();
        var active = latencies.Count;
        var lastActive = active > 0 ? observer.ActiveSeen.Values.Max() : firstRequest;
        var buildSeconds = Stopwatch.GetElapsedTime(firstRequest, lastActive).TotalSeconds;
        var apiMs = Enumerable.Range(0, count).Select(i => Stopwatch.GetElapsedTime(round.RequestStart[i], round.RequestEnd[i]).TotalMilliseconds).ToList();
        var deleteSeconds = Stopwatch.GetElapsedTime(round.DeleteStart.Min(), round.NoneLeft).TotalSeconds;

        AnsiConsole.MarkupLineInterpolated($"  {active}/{count} ACTIVE in {buildSeconds:0.000}s (creates returned after {Stopwatch.GetElapsedTime(firstRequest, round.RequestEnd.Max()).TotalSeconds:0.000}s); deleted in {deleteSeconds:0.000}s; observer list {Stats.Mean(observer.ListMs):0.0} ms mean");
        figures.Add("throughput.builds_per_s", active / buildSeconds, 1);
        figures.Add("throughput.active_p50_ms", Stats.Percentile(latencies, 50), 1);
        figures.Add("throughput.active_p99_ms", Stats.Percentile(latencies, 99), 1);
        figures.Add("throughput.deletes_per_s", count / deleteSeconds, 1);
        figures.Add("throughput.not_active", count - active);
        figures.Add("throughput.left_after_delete", round.LeftAfterDelete);
        figures.Add("throughput.api_create_p50_ms", Stats.Percentile(apiMs, 50), 2);
        figures.Add("throughput.api_create_p99_ms", Stats.Percentile(apiMs, 99), 2);
        figures.Add("throughput.api_delete_p50_ms", Stats.Percentile(Enumerable.Range(0, count).Select(i => Stopwatch.GetElapsedTime(round.DeleteStart[i], round.DeleteEnd[i]).TotalMilliseconds).ToList(), 50), 2);
        figures.Add("throughput.creates_returned_s", Stopwatch.GetElapsedTime(firstRequest, round.RequestEnd.Max()).TotalSeconds, 3);
        figures.Add("throughput.observer_list_mean_ms", Stats.Mean(observer.ListMs), 1);
        // Whole-process CPU (clients and observer included) per server: what a build and a delete cost.
        figures.Add("throughput.cpu_ms_per_build", round.BuildCpu.TotalMilliseconds / count, 2);
        figures.Add("throughput.cpu_ms_per_delete", round.DeleteCpu.TotalMilliseconds / count, 2);
    }

    private static RequestContext NewRequest() => new(RequestContext.NewRequestId(), "bench-user", "bench-project");

    /// <summary>Per-server stamps (Stopwatch timestamps) of one create-then-delete round.</summary>
    private sealed class ThroughputRound(int count)
    {
        public Guid[] Uuids { get; } = new Guid[count];
        public long[] RequestStart { get; } = new long[count];
        public long[] RequestEnd { get; } = new long[count];
        public long[] DeleteStart { get; } = new long[count];
        public long[] DeleteEnd { get; } = new long[count];
        public StoreObserver? Observer { get; set; }
        public int LeftAfterDelete { get; set; }
        public long NoneLeft { get; set; }
        public TimeSpan BuildCpu { get; set; }
        public TimeSpan DeleteCpu { get; set; }
    }
}
