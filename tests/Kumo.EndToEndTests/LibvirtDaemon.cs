using System.Diagnostics;

namespace Kumo.EndToEndTests;

/// <summary>Restarts this machine's libvirtd the way an operator's upgrade or a crash would; guests keep running.</summary>
public static class LibvirtDaemon
{
    public static async Task RestartAsync()
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
        // The project's own script starts it again and waits until it answers.
        await RunAsync("bash", FindSetupScript());
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
