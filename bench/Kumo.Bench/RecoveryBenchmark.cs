using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Bench.Api;
using Kumo.Db;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// `kumo serve` (fake driver, each spawn held for a minute) killed -9 with N builds in flight, then
/// started again on the same state directory: seconds from the new process's start until every
/// server is final (target ≤ 10; Nova: as long as nova-compute is down, then ERROR with no fault),
/// and what is left allocated afterwards (must be 0).
/// </summary>
internal static class RecoveryBenchmark
{
    private static readonly Dictionary<string, string> _settings = new() { ["KUMO__FAKE__SPAWNDELAY"] = "00:01:00" };

    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]Crash recovery[/]: {count} builds in flight, kill -9, restart on the same state");
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-bench-recovery-" + Guid.NewGuid().ToString("N")[..10]);
        List<string> ids;
        await using (var first = await ServeProcess.StartAsync("fake", false, cancellationToken, stateDir, _settings))
        {
            first.KeepStateDir = true;
            using var admin = new OpenStackHttp(first.BaseUrl);
            admin.UseToken(await admin.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken));
            await admin.UnlimitQuotaAsync(admin.ProjectId!, cancellationToken);
            var image = await admin.UploadImageAsync("recovery-image", new byte[4096], cancellationToken);
            ids = [];
            for (var i = 0; i < count; i++)
            {
                ids.Add(await admin.CreateServerAsync($"recovery-{i}", "1", image, cancellationToken));
            }
            // max_concurrent_builds (10) spawn; the rest wait for a slot: all in flight.
            await WaitAsync(first.BaseUrl, admin.Token!, servers => servers.Count(s => (string?)s["OS-EXT-STS:task_state"] == "spawning") >= Math.Min(count, 10),
                TimeSpan.FromSeconds(120), cancellationToken);
            await first.KillAsync();
        }

        var clock = Stopwatch.StartNew();
        await using var again = await ServeProcess.StartAsync("fake", false, cancellationToken, stateDir, _settings);
        var ready = clock.Elapsed.TotalSeconds;
        using var client = new OpenStackHttp(again.BaseUrl);
        client.UseToken(await client.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken));
        var servers = await WaitAsync(again.BaseUrl, client.Token!, all => all.All(s => s["OS-EXT-STS:task_state"] is null && (string?)s["status"] is "ERROR" or "ACTIVE"),
            TimeSpan.FromSeconds(120), cancellationToken);
        var recovery = clock.Elapsed.TotalSeconds;
        var withoutFault = servers.Count(s => (string?)s["status"] == "ERROR" && s["fault"] is null);
        foreach (var id in ids)
        {
            await client.DeleteServerAsync(id, cancellationToken);
        }
        await WaitAsync(again.BaseUrl, client.Token!, all => all.Count == 0, TimeSpan.FromSeconds(120), cancellationToken);
        await again.KillAsync();
        await using (var stores = await KumoStores.OpenSqliteAsync(Path.Combine(stateDir, "kumo.db"), cancellationToken: cancellationToken))
        {
            var left = (await stores.Placement.ListProvidersAsync(cancellationToken)).Sum(p => p.Inventories.Values.Sum(i => (long)i.Used));
            figures.Add("reliability.recovery_left_allocated", left);
        }
        AnsiConsole.MarkupLineInterpolated($"  ready {ready:0.00}s after the start, every server final {recovery:0.00}s after it");
        figures.Add("reliability.recovery_s", recovery, 2);
        figures.Add("reliability.recovery_ready_s", ready, 2);
        figures.Add("reliability.recovery_servers", servers.Count);
        figures.Add("reliability.recovery_error_without_fault", withoutFault);
    }

    private static async Task<List<JsonObject>> WaitAsync(Uri baseUrl, string token, Func<List<JsonObject>, bool> condition, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var body = await http.GetFromJsonAsync<JsonObject>("/compute/v2.1/servers/detail", cancellationToken);
            var servers = body!["servers"]!.AsArray().Select(s => s!.AsObject()).ToList();
            if (condition(servers))
            {
                return servers;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The servers did not reach the awaited state within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(20, cancellationToken);
        }
    }
}
