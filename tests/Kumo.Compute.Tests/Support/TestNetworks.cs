using Kumo.Network.Model;
using Kumo.Network.Plugin;
using Kumo.Objects.Context;

namespace Kumo.Compute.Tests.Support;

/// <summary>Networks on a <see cref="FakeCloud"/>'s real network service (its Neutron model and IPAM), made as the admin.</summary>
public static class TestNetworks
{
    public static NetworkPlugin Plugin(this FakeCloud fake) => fake.Cloud.Host.NetworkServer.Network.Plugin;

    /// <summary>A shared network with one IPv4 subnet; <paramref name="pool"/> limits the addresses it hands out.</summary>
    public static async Task<Guid> CreateNetworkAsync(this FakeCloud fake, string name, string cidr = "10.20.0.0/24", AllocationPool? pool = null)
    {
        var admin = RequestContext.Admin();
        var network = (await fake.Plugin().CreateNetworksAsync(admin,
            [new NetworkAttributes { Name = Given<string>.Of(name), Shared = Given<bool>.Of(true) }]))[0];
        await fake.Plugin().CreateSubnetsAsync(admin, [new SubnetAttributes
        {
            NetworkId = Given<Guid>.Of(network.Id),
            Cidr = Given<string>.Of(cidr),
            IpVersion = Given<int>.Of(4),
            EnableDhcp = Given<bool>.Of(false),
            AllocationPools = pool is null ? default : Given<IReadOnlyList<AllocationPool>>.Of([pool]),
        }]);
        return network.Id;
    }

    public static Task<IReadOnlyList<PortRecord>> PortsOfAsync(this FakeCloud fake, Guid instanceUuid) =>
        fake.Plugin().ListPortsAsync(RequestContext.Admin(), deviceId: instanceUuid.ToString("D"));
}
