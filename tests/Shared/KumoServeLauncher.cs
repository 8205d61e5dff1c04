using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kumo.TestSupport;

/// <summary>
/// Starts the built `kumo serve` (src/Kumo.Cli's Release kumo.dll) as a process of its own on a
/// loopback port, the fake driver unless told otherwise, and waits for its /healthcheck: what the
/// crash tests (which kill it -9 and start it again) and the benchmarks (which read its CPU and
/// memory, not their own) both need.
/// </summary>
internal static class KumoServeLauncher
{
    private const string DllPath = "src/Kumo.Cli/bin/Release/net10.0/kumo.dll";

    /// <param name="settings">KUMO__ variables on top of the defaults (state directory, driver, listen
    /// address, host, admin password; no dashboard, no openrc or clouds.yaml).</param>
    public static Process Start(string stateDir, Uri url, string host, string adminPassword, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet", [KumoDll(), "serve"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["KUMO__STATEDIR"] = stateDir,
                ["KUMO__VIRTDRIVER"] = "fake",
                ["KUMO__API__LISTEN"] = url.ToString().TrimEnd('/'),
                ["KUMO__DASHBOARD__LISTEN"] = "",
                ["KUMO__COMPUTE__HOST"] = host,
                ["KUMO__IDENTITY__ADMINPASSWORD"] = adminPassword,
                ["KUMO__IDENTITY__OPENRCPATH"] = "",
                ["KUMO__IDENTITY__CLOUDSYAMLPATH"] = "",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start kumo serve.");
        // Read and dropped: a full pipe would block the service's logging.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Until /healthcheck answers 200; fails at once when the process exits first.</summary>
    public static async Task WaitHealthyAsync(Process process, Uri url, string stateDir, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"kumo serve exited with {process.ExitCode}; see {stateDir}/log/kumo.log");
            }
            try
            {
                using var ready = await probe.GetAsync("/healthcheck", cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet, or too busy starting to answer within the probe's 2 s (a loaded machine).
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException($"kumo serve did not answer on {url} within {timeout.TotalSeconds} s.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string KumoDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DllPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"The kumo CLI is not built ({DllPath}): run 'make build'.");
    }
}
