using System.Diagnostics;
using Kumo.Deployment.Hosting;
using Kumo.Virt.Fake;

namespace Kumo.Cli.Tests;

/// <summary>`kumo serve` as an operator runs it: readiness, a bounded SIGTERM, the pid file.</summary>
public sealed class ServiceTests
{
    [Fact]
    public async Task Healthcheck_answers_200_once_every_unit_started_and_503_from_the_moment_it_stops()
    {
        await using var cloud = await CliCloud.StartAsync();
        using var http = new HttpClient();

        using (var ready = await http.GetAsync(cloud.Url + "/healthcheck"))
        {
            Assert.Equal(200, (int)ready.StatusCode);
            Assert.Equal("OK", await ready.Content.ReadAsStringAsync());
        }

        cloud.Host.Api.Readiness.MarkStopping();
        using var stopping = await http.GetAsync(cloud.Url + "/healthcheck");
        Assert.Equal(503, (int)stopping.StatusCode);
        Assert.Equal("stopping", await stopping.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stopping_waits_no_longer_than_the_shutdown_timeout_and_init_host_settles_the_build_it_left()
    {
        var gate = new TaskCompletionSource();
        var behaviour = new FakeDriverBehaviour { SpawnGate = gate.Task };
        var cloud = await CliCloud.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1), behaviour: behaviour);
        var stateDir = cloud.StateDir;
        await cloud.CreateImageAsync("tiny");
        var id = (await cloud.RunAsync("server", "create", "stuck", "--flavor", "m1.nano", "--image", "tiny", "-f", "value", "-c", "id")).Out.Trim();
        var driver = (FakeDriver)cloud.Host.Compute.Driver!;
        await WaitUntilAsync(() => driver.SpawnCount == 1);

        var clock = Stopwatch.StartNew();
        await cloud.StopAsync();
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        // The process would exit here; in a test the held build is let go so the host lock is freed.
        gate.SetResult();
        await using var again = await StartWhenLockFreeAsync(stateDir);
        var status = await again.RunAsync("server", "show", id, "-f", "value", "-c", "status");
        Assert.Equal("ERROR", status.Out.Trim());
        var fault = await again.RunAsync("server", "show", id, "-f", "value", "-c", "fault");
        Assert.True(fault.Out.Contains("restarted while the instance was building", StringComparison.Ordinal), fault.ToString());
    }

    [Fact]
    public async Task A_pid_file_naming_a_running_kumo_is_refused_and_a_stale_one_replaced()
    {
        var dir = Directory.CreateTempSubdirectory("kumo-pid-").FullName;
        var path = Path.Combine(dir, "kumo.pid");
        try
        {
            var self = Environment.ProcessId;
            using (PidFile.Acquire(path))
            {
                Assert.Equal(self, PidFile.Owner(path));
            }
            Assert.False(File.Exists(path));

            File.WriteAllText(path, "999999999\n");
            using (PidFile.Acquire(path))
            {
                Assert.Equal(self, PidFile.Owner(path));
            }

            // bash, not /bin/sh: Debian's dash has no `exec -a`, and its own command line named kumo only until it exited (a race).
            using var sleeper = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", "exec -a kumo-serve-fake sleep 30"]))!;
            try
            {
                File.WriteAllText(path, sleeper.Id + "\n");
                await WaitUntilAsync(() => PidFile.IsKumo(sleeper.Id));
                var refused = Assert.Throws<InvalidOperationException>(() => PidFile.Acquire(path));
                Assert.Contains($"names process {sleeper.Id}, a running kumo", refused.Message);
                Assert.Equal(sleeper.Id, PidFile.Owner(path));
            }
            finally
            {
                sleeper.Kill();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<CliCloud> StartWhenLockFreeAsync(string stateDir)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CliCloud.StartAsync(stateDir: stateDir);
            }
            catch (Kumo.Deployment.AllInOne.ComputeHostBusyException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "condition not reached in 20 s");
            await Task.Delay(20);
        }
    }
}
