using System.Collections.Concurrent;
using Kumo.Network.Api;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Network.Fake;

/// <summary>
/// A network service kept in memory, as the fake driver is a hypervisor: networks and pre-made ports
/// a test registers, one port per requested network with an address from 10.0.&lt;n&gt;.0/24, and
/// Nova's errors for requests that cannot be met (unknown network or port 400, port in use 409).
/// For compute and API tests; never instead of the real network service's own tests.
/// </summary>
public sealed class FakeNetworkApi : INetworkApi
{
    private readonly ConcurrentDictionary<Guid, FakeNetwork> _networks = new();
    private readonly ConcurrentDictionary<Guid, FakePort> _ports = new();
    private readonly ConcurrentDictionary<Guid, (string Name, Guid RuleId)> _groups = new();
    private int _nextHost = 10;

    /// <summary>Ports come back ACTIVE from allocation (no network-vif-plugged will follow) when true.</summary>
    public bool PortsActive { get; set; }

    /// <summary>Instances whose ports were deallocated, in order (a test checks a failed build gave them back).</summary>
    public ConcurrentQueue<Guid> Deallocated { get; } = new();

    public FakeNetworkApi() => AddSecurityGroup("default");

    /// <summary>
    /// Set: port allocation (create and bind) waits for it, whatever the caller's token says (a network
    /// server that does not answer). Likewise <see cref="DeallocateGate"/> and <see cref="InfoGate"/>.
    /// </summary>
    public Task? AllocateGate { get; set; }

    public Task? DeallocateGate { get; set; }

    public Task? InfoGate { get; set; }

    public Guid AddNetwork(string name, string cidrPrefix = "10.0.0")
    {
        var id = Guid.NewGuid();
        _networks[id] = new FakeNetwork(id, name, cidrPrefix);
        return id;
    }

    /// <summary>A port made beforehand (openstack port create) on the network, not bound to any server.</summary>
    public Guid AddPort(Guid networkId)
    {
        var port = NewPort(_networks[networkId], null);
        _ports[port.Id] = port;
        return port.Id;
    }

    /// <summary>A group of the caller's project with one rule: ingress from its own members (as Neutron's default group).</summary>
    public void AddSecurityGroup(string name) => _groups[Guid.NewGuid()] = (name, Guid.NewGuid());

    /// <summary>The ports an instance has now.</summary>
    public IReadOnlyList<Guid> PortsOf(Guid instanceUuid) => [.. _ports.Values.Where(p => p.DeviceId == instanceUuid).Select(p => p.Id)];

    public Task ValidateNetworksAsync(RequestContext context, IReadOnlyList<RequestedNetwork> requested, CancellationToken cancellationToken = default)
    {
        foreach (var request in requested)
        {
            if (request.Auto)
            {
                if (_networks.IsEmpty)
                {
                    throw new FakeNetworkException(400, "Unable to automatically allocate a network for project " + context.ProjectId);
                }
            }
            else if (request.PortId is { } portId)
            {
                var port = _ports.GetValueOrDefault(portId) ?? throw new FakeNetworkException(400, $"Port id {portId} could not be found.");
                if (port.DeviceId is { } owner)
                {
                    throw new FakeNetworkException(409, $"Port {portId} is still in use by instance {owner}.");
                }
            }
            else if (request.NetworkId is { } networkId && !_networks.ContainsKey(networkId))
            {
                throw new FakeNetworkException(400, $"Network {networkId} could not be found.");
            }
            if (request.FixedIp is { } ip && _ports.Values.Any(p => p.Ip == ip))
            {
                throw new FakeNetworkException(400, $"Fixed IP address {ip} is already in use.");
            }
        }
        return Task.CompletedTask;
    }

    public Task ValidateSecurityGroupsAsync(RequestContext context, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        foreach (var name in names.Where(n => !_groups.Values.Any(g => g.Name == n)))
        {
            throw new FakeNetworkException(400, $"Security group {name} not found for project {context.ProjectId}.");
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SecurityGroupInfo>> ListSecurityGroupsAsync(RequestContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SecurityGroupInfo>>([.. _groups.Select(g => new SecurityGroupInfo(g.Key, g.Value.Name, "", context.ProjectId,
            [new SecurityGroupRuleInfo(g.Value.RuleId, g.Key, "ingress", RemoteGroupId: g.Key)]))]);

    public async Task<NetworkInfo> AllocateForInstanceAsync(RequestContext context, Instance instance, IReadOnlyList<RequestedNetwork> requested,
        CancellationToken cancellationToken = default)
    {
        await (AllocateGate ?? Task.CompletedTask);
        await ValidateNetworksAsync(context, requested, cancellationToken);
        foreach (var request in requested)
        {
            if (request.PortId is { } portId)
            {
                _ports[portId] = _ports[portId] with { DeviceId = instance.Uuid };
                continue;
            }
            var network = request.Auto ? _networks.Values.First() : _networks[request.NetworkId!.Value];
            var port = NewPort(network, instance.Uuid, request.FixedIp);
            _ports[port.Id] = port;
        }
        return Info(instance.Uuid);
    }

    public async Task DeallocateForInstanceAsync(RequestContext context, Instance instance, CancellationToken cancellationToken = default)
    {
        await (DeallocateGate ?? Task.CompletedTask);
        foreach (var port in _ports.Values.Where(p => p.DeviceId == instance.Uuid))
        {
            _ports.TryRemove(port.Id, out _);
        }
        Deallocated.Enqueue(instance.Uuid);
    }

    public async Task<NetworkInfo> GetInstanceNetworkInfoAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        await (InfoGate ?? Task.CompletedTask);
        return Info(instance.Uuid);
    }

    /// <summary>A port's status goes ACTIVE (what the agent does once it is wired); later reads say Active.</summary>
    public void MarkActive(Guid portId) => _ports[portId] = _ports[portId] with { Active = true };

    private NetworkInfo Info(Guid instanceUuid) => new([.. _ports.Values.Where(p => p.DeviceId == instanceUuid).OrderBy(p => p.Created).Select(ToVif)]);

    private Vif ToVif(FakePort port)
    {
        var network = _networks[port.NetworkId];
        var subnet = new VifSubnet(network.SubnetId, network.CidrPrefix + ".0/24", network.CidrPrefix + ".1", [port.Ip], [], [], DhcpEnabled: true);
        return new Vif(port.Id, port.NetworkId, port.Mac, "ovs", "tap" + port.Id.ToString()[..11], [port.Ip])
        {
            NetworkLabel = network.Name,
            Subnets = [subnet],
            Active = port.Active,
        };
    }

    private FakePort NewPort(FakeNetwork network, Guid? deviceId, string? fixedIp = null)
    {
        var host = Interlocked.Increment(ref _nextHost);
        var id = Guid.NewGuid();
        var mac = $"fa:16:3e:{host >> 16 & 0xff:x2}:{host >> 8 & 0xff:x2}:{host & 0xff:x2}";
        return new FakePort(id, network.Id, mac, fixedIp ?? $"{network.CidrPrefix}.{host % 250 + 2}", deviceId, PortsActive, DateTime.UtcNow.Ticks + host);
    }

    private sealed record FakeNetwork(Guid Id, string Name, string CidrPrefix)
    {
        public Guid SubnetId { get; } = Guid.NewGuid();
    }

    private sealed record FakePort(Guid Id, Guid NetworkId, string Mac, string Ip, Guid? DeviceId, bool Active, long Created);
}

/// <summary>An error of the fake network service, with the HTTP code Nova answers for it.</summary>
public sealed class FakeNetworkException(int code, string message) : KumoException(message)
{
    public override int Code => code;
}
