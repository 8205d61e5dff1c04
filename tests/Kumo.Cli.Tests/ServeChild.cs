using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Db;
using Kumo.TestSupport;

namespace Kumo.Cli.Tests;

/// <summary>
/// `kumo serve` as a child process of its own (the built kumo.dll) on a state directory that outlives
/// it, so a test can kill it -9 and start it again on the same state; with an admin HTTP client.
/// </summary>
public sealed class ServeChild : IAsyncDisposable
{
    public const string AdminPassword = "serve-child-admin";

    private readonly Process _process;

    private ServeChild(Process process, string stateDir, Uri url, HttpClient http)
    {
        _process = process;
        StateDir = stateDir;
        Url = url;
        Http = http;
    }

    public string StateDir { get; }

    public Uri Url { get; }

    /// <summary>Carries the admin's token once <see cref="LoginAsync"/> ran.</summary>
    public HttpClient Http { get; }

    public static async Task<ServeChild> StartAsync(string stateDir, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var url = new Uri($"http://127.0.0.1:{port ?? KumoServeLauncher.FreePort()}");
        var process = KumoServeLauncher.Start(stateDir, url, "crash-host", AdminPassword, settings);
        var child = new ServeChild(process, stateDir, url, new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        });
        try
        {
            await KumoServeLauncher.WaitHealthyAsync(process, url, stateDir, TimeSpan.FromSeconds(120));
            return child;
        }
        catch
        {
            await child.KillAsync();
            throw;
        }
    }

    public int Port => Url.Port;

    public int Pid => _process.Id;

    /// <summary>Open file descriptors of the service right now.</summary>
    public int OpenFileDescriptors() => Directory.GetFiles($"/proc/{_process.Id}/fd").Length;

    /// <summary>What each open file descriptor of the service points at (socket:[…], a path, anon_inode:…).</summary>
    public IReadOnlyList<string> FileDescriptorTargets() =>
        [.. Directory.GetFiles($"/proc/{_process.Id}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "?")];

    /// <summary>Resident memory of the service right now, in MiB (VmRSS).</summary>
    public double ResidentMb() => long.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        ["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;

    /// <summary>SIGKILL: nothing runs after it (no shutdown, no flush), as a crash or the OOM killer.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, the orderly stop, bounded by the service's own shutdown timeout.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    public async Task LoginAsync()
    {
        var auth = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = AdminPassword },
                    },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["id"] = "default" } } },
            },
        };
        using var response = await Http.PostAsync("/identity/v3/auth/tokens?nocatalog", Json(auth));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ProjectId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!["project"]!["id"]!;
        Http.DefaultRequestHeaders.Remove("X-Auth-Token");
        Http.DefaultRequestHeaders.Add("X-Auth-Token", response.Headers.GetValues("X-Subject-Token").Single());
    }

    public string ProjectId { get; private set; } = "";

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>GET /servers/detail: every server the admin's project sees.</summary>
    public async Task<List<JsonObject>> ServersDetailAsync() =>
        [.. (await SendAsync(HttpMethod.Get, "/compute/v2.1/servers/detail"))["servers"]!.AsArray().Select(s => s!.AsObject())];

    /// <summary>The admin's project uses no instances, cores or RAM (Nova's quota usage).</summary>
    public async Task AssertNoQuotaUsageAsync()
    {
        var quota = (await SendAsync(HttpMethod.Get, $"/compute/v2.1/os-quota-sets/{ProjectId}/detail"))["quota_set"]!;
        Assert.Equal((0, 0, 0), ((int)quota["instances"]!["in_use"]!, (int)quota["cores"]!["in_use"]!, (int)quota["ram"]!["in_use"]!));
    }

    /// <summary>Read from the stopped service's database: no allocation of these servers, nothing used on any provider.</summary>
    public static async Task AssertNothingAllocatedAsync(string stateDir, IEnumerable<string> serverIds)
    {
        await using var stores = await KumoStores.OpenSqliteAsync(Path.Combine(stateDir, "kumo.db"));
        foreach (var id in serverIds)
        {
            Assert.Empty(await stores.Placement.GetAllocationsAsync(Guid.Parse(id)));
        }
        Assert.All(await stores.Placement.ListProvidersAsync(), p => Assert.All(p.Inventories.Values, i => Assert.Equal(0, i.Used)));
    }

    /// <summary>The status and body, whatever the status (the soak accepts 202 or 409).</summary>
    public async Task<(HttpStatusCode Status, string Body)> TrySendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> UploadImageAsync(string name)
    {
        var created = await SendAsync(HttpMethod.Post, "/image/v2/images",
            new JsonObject { ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare", ["visibility"] = "public" }, HttpStatusCode.Created);
        var id = (string)created["id"]!;
        using var content = new ByteArrayContent(new byte[4096]);
        content.Headers.ContentType = new("application/octet-stream");
        using var uploaded = await Http.PutAsync($"/image/v2/images/{id}/file", content);
        Assert.Equal(HttpStatusCode.NoContent, uploaded.StatusCode);
        return id;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Http.Dispose();
    }
}
