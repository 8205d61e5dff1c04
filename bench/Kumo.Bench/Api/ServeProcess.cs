using System.Diagnostics;
using Kumo.TestSupport;

namespace Kumo.Bench.Api;

/// <summary>
/// `kumo serve` as its own process (as operators run it), on a fresh state directory, a free loopback
/// port and the given driver, so the benchmark measures the service over real HTTP and reads its own
/// peak memory, not the clients'.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    public const string AdminPassword = "bench-admin-secret";

    private readonly Process _process;
    private readonly string _stateDir;

    private ServeProcess(Process process, string stateDir, Uri baseUrl)
    {
        _process = process;
        _stateDir = stateDir;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The dashboard's URL when started with one.</summary>
    public Uri? DashboardUrl { get; private init; }

    public int Pid => _process.Id;

    public string StateDir => _stateDir;

    public static Task<ServeProcess> StartAsync(string driver, CancellationToken cancellationToken) => StartAsync(driver, false, cancellationToken);

    /// <param name="stateDir">A fresh state directory (deleted with the process); a temporary one when null.</param>
    /// <param name="settings">More KUMO__ variables (e.g. the fake driver's spawn delay).</param>
    public static async Task<ServeProcess> StartAsync(string driver, bool withDashboard, CancellationToken cancellationToken, string? stateDir = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        stateDir ??= Path.Combine(Path.GetTempPath(), "kumo-bench-api-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(stateDir);
        var url = new Uri($"http://127.0.0.1:{KumoServeLauncher.FreePort()}");
        var dashboard = withDashboard ? $"http://127.0.0.1:{KumoServeLauncher.FreePort()}" : "";
        var environment = new Dictionary<string, string> { ["KUMO__VIRTDRIVER"] = driver, ["KUMO__DASHBOARD__LISTEN"] = dashboard };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var process = KumoServeLauncher.Start(stateDir, url, "bench-" + driver, AdminPassword, environment);
        var serve = new ServeProcess(process, stateDir, url) { DashboardUrl = withDashboard ? new Uri(dashboard) : null };
        try
        {
            await KumoServeLauncher.WaitHealthyAsync(process, url, stateDir, TimeSpan.FromSeconds(60), cancellationToken);
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time the service has used so far (user and system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The service's peak resident memory so far (VmHWM of its process).</summary>
    public double PeakRssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return double.NaN;
    }

    /// <summary>When set, disposing leaves the state directory (a restart starts again on it).</summary>
    public bool KeepStateDir { get; set; }

    /// <summary>SIGKILL and wait for the exit: nothing of the service runs after it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        if (KeepStateDir)
        {
            return;
        }
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleaning.
        }
    }
}
