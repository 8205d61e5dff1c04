using Kumo.Db.Database;
using Kumo.Messaging.Rpc;
using Kumo.Network.Api;
using Kumo.Network.Db;
using Kumo.Network.Notifiers;
using Kumo.Network.Plugin;
using Kumo.Network.Rpc;
using Microsoft.Extensions.Logging;

namespace Kumo.Network;

/// <summary>
/// The network server composed over the store and the bus: the plugin (REST handlers and the RPC
/// endpoint share it), the Nova notifier (its sink attached by the compute side) and compute's view
/// (<see cref="NeutronNetworkApi"/>, or <see cref="NoNetworkApi"/> when the service is disabled).
/// </summary>
public sealed class NetworkServices
{
    private NetworkServices(NetworkPlugin plugin, NovaNotifier nova, INetworkApi computeApi)
    {
        Plugin = plugin;
        Nova = nova;
        ComputeApi = computeApi;
    }

    public NetworkPlugin Plugin { get; }

    /// <summary>Where update_device_up's network-vif-plugged goes: attach the compute side's sink here.</summary>
    public NovaNotifier Nova { get; }

    public INetworkApi ComputeApi { get; }

    public static NetworkServices Create(KumoDatabase database, IMessageBus bus, NetworkOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var plugin = new NetworkPlugin(new NetworkStore(database), new AgentNotifier(bus, loggers.CreateLogger<AgentNotifier>()), options, time);
        var computeApi = options.Enabled ? (INetworkApi)new NeutronNetworkApi(plugin) : new NoNetworkApi();
        return new NetworkServices(plugin, new NovaNotifier(loggers.CreateLogger<NovaNotifier>()), computeApi);
    }

    public PluginRpcEndpoint RpcEndpoint() => new(Plugin, Nova);
}
