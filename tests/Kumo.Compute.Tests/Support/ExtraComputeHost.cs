using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Network.Api;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Support;

/// <summary>
/// Another compute host beside a <see cref="FakeCloud"/>'s: its own ComputeUnit (topic
/// compute.&lt;host&gt;, provider, heartbeat) over the same store and bus, as a second nova-compute
/// would be, on its own fake driver (a distinct node name, so it is a provider of its own).
/// </summary>
public static class ExtraComputeHost
{
    public static async Task<ComputeUnit> AddComputeHostAsync(this FakeCloud fake, string host, FakeDriver driver)
    {
        var shared = fake.Cloud.Host.Shared;
        var first = shared.Options;
        var options = new KumoOptions
        {
            StateDir = first.StateDir,
            Database = first.Database,
            VirtDriver = "fake",
            ReportInterval = first.ReportInterval,
            ServiceDownTime = first.ServiceDownTime,
            Compute = new Kumo.Compute.ComputeOptions
            {
                Host = host,
                Deadlines = first.Compute.Deadlines,
                VifPluggingTimeout = first.Compute.VifPluggingTimeout,
                VifPluggingIsFatal = first.Compute.VifPluggingIsFatal,
            },
        };
        INetworkApi network = fake.Network is { } fakeNetwork ? fakeNetwork : fake.Cloud.Host.NetworkServer.Network.ComputeApi;
        var unit = new ComputeUnit(shared with { Options = options }, driver, network);
        await unit.StartAsync(CancellationToken.None);
        return unit;
    }
}
