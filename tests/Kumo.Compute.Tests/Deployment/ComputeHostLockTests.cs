using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;

namespace Kumo.Compute.Tests.Deployment;

public sealed class ComputeHostLockTests
{
    [Fact]
    public async Task A_second_compute_service_for_the_same_host_is_refused_and_the_first_keeps_working()
    {
        await using var first = await FakeCloud.StartAsync();

        var ex = await Assert.ThrowsAsync<ComputeHostBusyException>(() =>
            FakeCloud.StartAsync(configure: o => { o.StateDir = first.Cloud.Options.StateDir; o.Database = first.Cloud.Options.DatabasePath; }, stateDir: first.Cloud.Options.StateDir + "-other"));

        Assert.Equal(409, ex.Code);
        Assert.Contains($"pid {Environment.ProcessId}", ex.Message);
        Assert.Equal(Kumo.Objects.Instances.VmState.Active, (await first.BootAsync()).VmState);
    }

    [Fact]
    public async Task The_lock_is_released_when_the_service_stops()
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-lock-" + Guid.NewGuid().ToString("N")[..8]);
        using (ComputeHostLock.Acquire(stateDir, "h1"))
        {
        }
        using (ComputeHostLock.Acquire(stateDir, "h1"))
        {
        }
        Directory.Delete(stateDir, recursive: true);
    }
}
