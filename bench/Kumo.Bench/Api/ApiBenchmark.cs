using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Kumo.Bench.Api;

/// <summary>
/// The control plane through the REST API, as users drive it: `kumo serve` in its own process on the
/// fake driver, Keystone tokens, Glance upload, then N servers created by 8 clients that each poll
/// their server every 10 ms until ACTIVE, a /servers/detail over all of them, and the deletes.
/// </summary>
internal static class ApiBenchmark
{
    private const int Clients = 8;
    private static readonly TimeSpan ClientPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SinglePoll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]api[/]: kumo serve (fake driver) over HTTP; {count} servers from {Clients} clients polling every {ClientPoll.TotalMilliseconds} ms");
        await using var serve = await ServeProcess.StartAsync("fake", cancellationToken);
        using var admin = new OpenStackHttp(serve.BaseUrl);

        var tokenMs = new List<double>();
        for (var i = 0; i < 101; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var token = await admin.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken);
            if (i > 0)
            {
                tokenMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds); // the first pays for JIT
            }
            admin.UseToken(token);
        }
        figures.Add("api.token_p50_ms", Stats.Percentile(tokenMs, 50), 2);
        if (!await admin.UnlimitQuotaAsync(admin.ProjectId!, cancellationToken))
        {
            AnsiConsole.MarkupLine("  [yellow]could not lift the admin project's quota[/]");
        }
        var image = await admin.UploadImageAsync("bench-image", new byte[4096], cancellationToken);

        var single = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var id = await admin.CreateServerAsync($"single-{i}", "1", image, cancellationToken);
            await WaitForStatusAsync(admin, id, SinglePoll, cancellationToken);
            if (i > 0)
            {
                single.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            await admin.DeleteServerAsync(id, cancellationToken);
        }
        figures.Add("api.single_active_p50_ms", Stats.Percentile(single, 50), 2);

        // The first round after start runs largely on tier-0 JIT code and pays for the rejit; a
        // long-running service is past that. Both are reported: cold (first round), warm (second).
        var cold = await MeasureRoundAsync(admin, serve, image, count, cancellationToken);
        cold.Report(figures, "api.cold_");
        await DeleteAllAsync(admin, cold.Round.Ids, cancellationToken);
        var warm = await MeasureRoundAsync(admin, serve, image, count, cancellationToken);
        warm.Report(figures, "api.");
        var round = warm.Round;
        await ReportBuildTimesAsync(admin, round, figures, cancellationToken);

        var detailMs = new List<double>();
        var listed = 0;
        for (var i = 0; i < 21; i++)
        {
            var started = Stopwatch.GetTimestamp();
            listed = await admin.ListServersDetailAsync(cancellationToken);
            if (i > 0)
            {
                detailMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        AnsiConsole.MarkupLineInterpolated($"  /servers/detail lists {listed} servers");
        figures.Add("api.servers_detail_p50_ms", Stats.Percentile(detailMs, 50), 2);
        figures.Add("api.servers_detail_p99_ms", Stats.Percentile(detailMs, 99), 2);

        await MeasureShowAsync(admin, serve, round.Ids[0], figures, cancellationToken);

        var deleteStarted = Stopwatch.GetTimestamp();
        await DeleteAllAsync(admin, round.Ids, cancellationToken);
        figures.Add("api.deletes_per_s", round.Ids.Count / Stopwatch.GetElapsedTime(deleteStarted).TotalSeconds, 1);
        figures.Add("api.left_after_delete", await admin.ListServersDetailAsync(cancellationToken));
        figures.Add("api.peak_rss_mb", serve.PeakRssMb(), 0);
    }

    /// <summary>
    /// The service's side of a sample of the warm round, from each create action's events: the build
    /// itself, and how long after its POST was answered the server was ACTIVE. Against active_p50_ms
    /// this says how much of a client's wait is the service and how much its 10 ms polling.
    /// </summary>
    private static async Task ReportBuildTimesAsync(OpenStackHttp admin, Round round, Figures figures, CancellationToken cancellationToken)
    {
        var build = new List<double>();
        var afterPost = new List<double>();
        for (var i = 0; i < round.Ids.Count; i += Math.Max(1, round.Ids.Count / 200))
        {
            var events = await admin.ActionEventsAsync(round.Ids[i], round.RequestIds[i], cancellationToken);
            foreach (var (name, start, finish) in events.Where(e => e.Event == "compute_build_and_run_instance"))
            {
                build.Add((finish - start).TotalMilliseconds);
                afterPost.Add((finish - round.Answered[i]).TotalMilliseconds);
            }
        }
        figures.Add("api.build_p50_ms", Stats.Percentile(build, 50), 2);
        figures.Add("api.built_after_post_p50_ms", Stats.Percentile(afterPost, 50), 2);
        figures.Add("api.built_after_post_p90_ms", Stats.Percentile(afterPost, 90), 2);
    }

    private static async Task<Measured> MeasureRoundAsync(OpenStackHttp admin, ServeProcess serve, string image, int count, CancellationToken cancellationToken)
    {
        var serveCpu = serve.CpuTime();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var round = await CreateAllAsync(admin, image, count, cancellationToken);
        // CPU per server says what the wall clock cannot on a shared machine: the cost, not the wait.
        return new Measured(round, count, (serve.CpuTime() - serveCpu).TotalMilliseconds / count,
            (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds / count);
    }

    private static Task DeleteAllAsync(OpenStackHttp admin, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        RunClientsAsync(ids.Count, async i =>
        {
            await admin.DeleteServerAsync(ids[i], cancellationToken);
            await WaitForStatusAsync(admin, ids[i], ClientPoll, cancellationToken, untilGone: true);
        });

    /// <summary>What one poll costs: GET /servers/{id} of an ACTIVE server from the 8 clients, as they poll while building.</summary>
    private static async Task MeasureShowAsync(OpenStackHttp client, ServeProcess serve, string id, Figures figures, CancellationToken cancellationToken)
    {
        const int shows = 4000;
        var showMs = new double[shows];
        var serveCpu = serve.CpuTime();
        await RunClientsAsync(shows, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            await client.GetServerStatusAsync(id, cancellationToken);
            showMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        figures.Add("api.show_p50_ms", Stats.Percentile(showMs.ToList(), 50), 2);
        figures.Add("api.serve_cpu_us_per_show", (serve.CpuTime() - serveCpu).TotalMicroseconds / shows, 0);
    }

    private static async Task<Round> CreateAllAsync(OpenStackHttp client, string image, int count, CancellationToken cancellationToken)
    {
        var round = new Round(count) { FirstPost = Stopwatch.GetTimestamp() };
        await RunClientsAsync(count, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            var (id, requestId) = await client.CreateServerAsync(
                new JsonObject { ["name"] = $"api-{i}", ["flavorRef"] = "1", ["imageRef"] = image }, cancellationToken);
            round.PostMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            round.Answered[i] = DateTime.UtcNow;
            round.Ids[i] = id;
            round.RequestIds[i] = requestId;
            if (await WaitForStatusAsync(client, id, ClientPoll, cancellationToken, polls: round) == "ACTIVE")
            {
                var now = Stopwatch.GetTimestamp();
                round.Active[id] = now;
                round.ActiveMs[i] = Stopwatch.GetElapsedTime(started, now).TotalMilliseconds;
            }
        });
        return round;
    }

    /// <summary>Polls the server until ACTIVE or ERROR (or until it answers 404 with <paramref name="untilGone"/>).</summary>
    private static async Task<string?> WaitForStatusAsync(OpenStackHttp client, string id, TimeSpan poll, CancellationToken cancellationToken,
        bool untilGone = false, Round? polls = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ServerTimeout)
        {
            var status = await client.GetServerStatusAsync(id, cancellationToken);
            if (polls is not null)
            {
                Interlocked.Increment(ref polls.Polls);
            }
            if (untilGone ? status is null : status is "ACTIVE" or "ERROR")
            {
                return status;
            }
            await Task.Delay(poll, cancellationToken);
        }
        throw new TimeoutException($"Server {id} did not settle within {ServerTimeout.TotalSeconds} s.");
    }

    private static Task RunClientsAsync(int count, Func<int, Task> call)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await call(i);
            }
        })));
    }

    private sealed record Measured(Round Round, int Count, double ServeCpuMs, double ClientCpuMs)
    {
        public void Report(Figures figures, string prefix)
        {
            var active = Round.Active.Count;
            var lastActive = Round.Active.Values.DefaultIfEmpty(Round.FirstPost).Max();
            var seconds = Stopwatch.GetElapsedTime(Round.FirstPost, lastActive).TotalSeconds;
            AnsiConsole.MarkupLineInterpolated($"  {(prefix.Contains("cold") ? "cold round" : "warm round")}: {active}/{Count} ACTIVE in {seconds:0.000}s");
            var activeMs = Round.ActiveMs.Where(ms => !double.IsNaN(ms)).ToList();
            figures.Add(prefix + "serve_cpu_ms_per_server", ServeCpuMs, 2);
            figures.Add(prefix + "client_cpu_ms_per_server", ClientCpuMs, 2);
            figures.Add(prefix + "servers_per_s", active / seconds, 1);
            figures.Add(prefix + "post_p50_ms", Stats.Percentile(Round.PostMs.ToList(), 50), 2);
            figures.Add(prefix + "active_p50_ms", Stats.Percentile(activeMs, 50), 2);
            figures.Add(prefix + "active_p99_ms", Stats.Percentile(activeMs, 99), 2);
            figures.Add(prefix + "polls_per_server", (double)Round.Polls / Count, 1);
            figures.Add(prefix + "not_active", Count - active);
        }
    }

    private sealed class Round(int count)
    {
        public long FirstPost { get; init; }
        public List<string> Ids { get; } = Enumerable.Repeat("", count).ToList();
        public string[] RequestIds { get; } = new string[count];
        public DateTime[] Answered { get; } = new DateTime[count];
        public double[] PostMs { get; } = new double[count];
        public double[] ActiveMs { get; } = Enumerable.Repeat(double.NaN, count).ToArray();
        public ConcurrentDictionary<string, long> Active { get; } = new();

        /// <summary>GET /servers/{id} made while waiting for ACTIVE (more when builds take longer).</summary>
        public int Polls;
    }
}
