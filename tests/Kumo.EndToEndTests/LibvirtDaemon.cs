using System.Diagnostics;

namespace Kumo.EndToEndTests;

/// <summary>
/// Stops and starts this machine's libvirtd the way an operator's upgrade or a crash would; guests keep
/// running. While it is down, <see cref="MarkerPath"/> exists (other test runs on this machine re-run a
/// real-libvirt failure they see meanwhile instead of investigating it).
/// </summary>
public static class LibvirtDaemon
{
    /// <summary>KUMO_LIBVIRTD_RESTART_MARKER, else /work/wt/LIBVIRTD-RESTARTING; written only where its directory exists.</summary>
    public static string MarkerPath => Environment.GetEnvironmentVariable("KUMO_LIBVIRTD_RESTART_MARKER") is { Length: > 0 } path
        ? path : "/work/wt/LIBVIRTD-RESTARTING";

    public static async Task RestartAsync()
    {
        await using var outage = await StopAsync();
    }

    /// <summary>
    /// SIGTERM to libvirtd and waits for it to exit; disposing the result starts it again (and waits until
    /// it answers), also when the test failed meanwhile.
    /// </summary>
    public static async Task<IAsyncDisposable> StopAsync()
    {
        if (Directory.Exists(Path.GetDirectoryName(MarkerPath)))
        {
            await File.WriteAllTextAsync(MarkerPath, $"{Environment.ProcessId} {DateTime.UtcNow:O}\n");
        }
        var outage = new Outage();
        try
        {
            foreach (var pid in Pids())
            {
                await RunAsync("kill", "-TERM", pid.ToString());
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Pids().Count > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("libvirtd did not exit within 30 s of SIGTERM.");
                }
                await Task.Delay(50);
            }
            return outage;
        }
        catch
        {
            await outage.DisposeAsync();
            throw;
        }
    }

    /// <summary>The project's own script starts libvirtd again (no systemd here) and waits until it answers.</summary>
    private static async Task StartAsync()
    {
        try
        {
            await RunAsync("bash", FindSetupScript());
        }
        finally
        {
            File.Delete(MarkerPath);
        }
    }

    private sealed class Outage : IAsyncDisposable
    {
        private int _ended;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                await StartAsync();
            }
        }
    }

    private static List<int> Pids()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "libvirtd")
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // exited while we looked
                }
            }
        }
        return pids;
    }

    private static string FindSetupScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tools", "setup-host.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }
        throw new FileNotFoundException("tools/setup-host.sh not found above the test directory.");
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["KUMO_SKIP_APT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }
    }
}
