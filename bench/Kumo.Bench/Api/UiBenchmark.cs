using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Kumo.Bench.Api;

/// <summary>
/// The dashboard over HTTP against `kumo serve` (fake driver) in its own process, with N servers:
/// ui.server_list_ms is the time to the whole HTML of the server list (every row rendered on the
/// server, as the browser first paints it); ui.status_latency_ms is the time from the API first
/// answering a server's new status (polled every 5 ms) to the list's live stream (SSE) carrying it.
/// </summary>
internal static partial class UiBenchmark
{
    private const int Samples = 10;

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]ui[/]: the dashboard of kumo serve (fake driver) with {count} servers");
        await using var serve = await ServeProcess.StartAsync("fake", withDashboard: true, cancellationToken);
        using var admin = new OpenStackHttp(serve.BaseUrl);
        admin.UseToken(await admin.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken));
        await admin.UnlimitQuotaAsync(admin.ProjectId!, cancellationToken);
        var image = await admin.UploadImageAsync("ui-image", new byte[4096], cancellationToken);
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => ids.Add(await admin.CreateServerAsync($"ui-{i}", "1", image, ct)));
        foreach (var id in ids.Take(Samples))
        {
            await WaitForAsync(admin, id, "ACTIVE", cancellationToken);
        }

        using var dashboard = await LoginAsync(serve.DashboardUrl!, cancellationToken);
        var listMs = new List<double>();
        for (var i = 0; i <= Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var html = await dashboard.GetStringAsync("/servers", cancellationToken);
            if (i > 0)
            {
                listMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            if (i == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"  /servers: {RowMarker().Count(html)} rows, {html.Length / 1024} KiB");
            }
        }
        // Where the page's time goes: the API's own answer (list with details, parsed), the rest is the dashboard's.
        var apiMs = new List<double>();
        for (var i = 0; i <= Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await admin.ListServersDetailAsync(cancellationToken);
            if (i > 0)
            {
                apiMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        AnsiConsole.MarkupLineInterpolated($"  GET /servers/detail alone: {Stats.Percentile(apiMs, 50):0.0} ms (median of {Samples}); the page: {Stats.Percentile(listMs, 50):0.0} ms");
        figures.Add("ui.server_list_ms", Stats.Percentile(listMs, 50), 1);
        figures.Add("ui.status_latency_ms", Stats.Percentile(await StatusLatencyAsync(admin, dashboard, ids.Take(Samples).ToList(), cancellationToken), 50), 1);
    }

    /// <summary>Stops servers one at a time and times, for each, API status → live stream event.</summary>
    private static async Task<List<double>> StatusLatencyAsync(OpenStackHttp admin, HttpClient dashboard, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var seen = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = ReadStreamAsync(dashboard, seen, stop.Token);
        var latencies = new List<double>();
        foreach (var id in ids)
        {
            // A pause of a random part of the dashboard's poll interval (0.5 s) first: the next stop would otherwise
            // follow the event of the last one at once, in step with the poller, and every sample would wait a whole interval.
            await Task.Delay(Random.Shared.Next(500), cancellationToken);
            await admin.StopServerAsync(id, cancellationToken);
            var atApi = await WaitForAsync(admin, id, "SHUTOFF", cancellationToken);
            var deadline = Stopwatch.StartNew();
            long atStream;
            while (!seen.TryGetValue(id + "/SHUTOFF", out atStream) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(1, cancellationToken);
            }
            latencies.Add(Stopwatch.GetElapsedTime(atApi, atStream).TotalMilliseconds);
        }
        await stop.CancelAsync();
        try
        {
            await reader;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // The stream ends with the benchmark.
        }
        return latencies;
    }

    private static async Task ReadStreamAsync(HttpClient dashboard, ConcurrentDictionary<string, long> seen, CancellationToken cancellationToken)
    {
        using var response = await dashboard.GetAsync("/live/servers", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonNode.Parse(line[6..]) is JsonObject row && row["status"] is not null)
            {
                seen.TryAdd($"{(string?)row["id"]}/{(string?)row["status"]}", Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>Polls the API every 5 ms until the server has <paramref name="status"/>; the moment it first did.</summary>
    private static async Task<long> WaitForAsync(OpenStackHttp admin, string id, string status, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (await admin.GetServerStatusAsync(id, cancellationToken) == status)
            {
                return Stopwatch.GetTimestamp();
            }
            await Task.Delay(5, cancellationToken);
        }
        throw new TimeoutException($"Server {id} did not reach {status}.");
    }

    /// <summary>A dashboard session of the admin: the login form with its antiforgery token, the cookie kept.</summary>
    private static async Task<HttpClient> LoginAsync(Uri url, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        var form = await http.GetStringAsync("/login", cancellationToken);
        var token = WebUtility.HtmlDecode(TokenField().Match(form).Groups[1].Value);
        using var answer = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = "admin", ["password"] = ServeProcess.AdminPassword, ["project"] = "admin",
        }), cancellationToken);
        if (answer.RequestMessage?.RequestUri?.AbsolutePath != "/servers")
        {
            throw new InvalidOperationException($"The dashboard login failed ({(int)answer.StatusCode}).");
        }
        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<tr data-id=")]
    private static partial Regex RowMarker();
}
