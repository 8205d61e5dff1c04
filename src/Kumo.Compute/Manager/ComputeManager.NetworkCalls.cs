using Kumo.Compute.Deadlines;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Compute.Manager;

// Reads of the network service outside the build, each under Compute:Deadlines:NetworkCall.
public sealed partial class ComputeManager
{
    /// <summary>Nova's get_instance_nw_info; <paramref name="purpose"/> ends the step's name in a fault ("unplug", "plug").</summary>
    private Task<NetworkInfo> ReadNetworkInfoAsync(Instance instance, string purpose, CancellationToken cancellationToken) =>
        NetworkCallDeadline.RunAsync($"get_instance_nw_info: read the ports to {purpose}", nameof(OperationDeadlines.NetworkCall),
            options.Deadlines.NetworkCall, time, ct => network.GetInstanceNetworkInfoAsync(instance, ct), cancellationToken);

    /// <summary>
    /// At start-up the network service may be down or not answer: the host must come up all the same,
    /// unplugging from the info cache the build wrote (what its ports were when it last knew them).
    /// </summary>
    private async Task<NetworkInfo> NetworkInfoAtStartAsync(Instance instance, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadNetworkInfoAsync(instance, "unplug", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBookkeepingFailed($"read the ports of {instance.Uuid} at start; unplugging what its info cache names", ex);
            return infoCaches is not null && await infoCaches.GetAsync(instance.Uuid, cancellationToken) is { } cached ? cached : NetworkInfo.Empty;
        }
    }
}
