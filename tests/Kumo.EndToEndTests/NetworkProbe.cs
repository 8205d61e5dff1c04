using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Common.Processes;
using Kumo.OsVif.Host;
using Kumo.OsVif.Probing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.EndToEndTests;

/// <summary>
/// A probe on a network for one test (neutron-debug's probe-create): a Neutron port made through the API
/// (device_owner network:probe, bound to this host, port security off, so the agent tags it and does not filter it),
/// plugged by <see cref="NamespaceProbe"/> into a namespace of its own; pings from there reach the network's guests
/// as another host would. Disposing unplugs it and deletes the port.
/// </summary>
public sealed class NetworkProbe : IAsyncDisposable
{
    /// <summary>busybox-static (tools/setup-host.sh installs it): its ping takes a 100 ms interval.</summary>
    public const string Busybox = "/bin/busybox";

    private readonly HttpClient _client;
    private readonly NamespaceProbe _probe;
    private readonly HostToolRunner _tools;

    private NetworkProbe(HttpClient client, NamespaceProbe probe, HostToolRunner tools, Guid portId, string ipAddress)
    {
        _client = client;
        _probe = probe;
        _tools = tools;
        PortId = portId;
        IpAddress = ipAddress;
    }

    public Guid PortId { get; }

    public string IpAddress { get; }

    public string Namespace => NamespaceProbe.Namespace(PortId);

    /// <summary>Creates the port, plugs it and waits until the agent reported it up (ACTIVE: on its network's VLAN).</summary>
    public static async Task<NetworkProbe> CreateAsync(LibvirtCloud e2e, HttpClient client, string networkId, TimeSpan timeout)
    {
        var port = await client.CreateResourceAsync("ports", "port", new JsonObject
        {
            ["network_id"] = networkId,
            ["name"] = "e2e-probe",
            ["device_owner"] = "network:probe",
            ["device_id"] = "probe-" + e2e.Options.Compute.Host,
            ["binding:host_id"] = e2e.Options.Compute.Host,
            ["port_security_enabled"] = false,
            ["security_groups"] = new JsonArray(),
        });
        var portId = Guid.Parse((string)port["id"]!);
        var tools = new HostToolRunner(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
        var probe = new NamespaceProbe(e2e.Options.Ovs, tools);
        var fixedIp = port["fixed_ips"]![0]!;
        var subnet = await client.ShowResourceAsync("subnets", "subnet", (string)fixedIp["subnet_id"]!);
        var network = await client.ShowResourceAsync("networks", "network", networkId);
        var ip = (string)fixedIp["ip_address"]!;
        var result = new NetworkProbe(client, probe, tools, portId, ip);
        try
        {
            await probe.PlugAsync(new ProbePort(portId, (string)port["mac_address"]!, [$"{ip}/{((string)subnet["cidr"]!).Split('/')[1]}"], (int)network["mtu"]!));
            await WaitForActiveAsync(client, portId, timeout);
            return result;
        }
        catch
        {
            await result.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when <paramref name="address"/> answers one of <paramref name="count"/> pings (a second apart, replies awaited 2 s more).</summary>
    public async Task<bool> PingAsync(string address, int count = 1)
    {
        var result = await _tools.TryRunAsync(HostTools.Ip,
            ["netns", "exec", Namespace, Busybox, "ping", "-c", count.ToString(CultureInfo.InvariantCulture), "-W", "2", address], CancellationToken.None);
        return result.ExitCode == 0;
    }

    public ContinuousPing StartPing(string address) => new(Namespace, address);

    private static async Task WaitForActiveAsync(HttpClient client, Guid portId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? status;
        while ((status = (string?)(await client.ShowResourceAsync("ports", "port", portId.ToString()))["status"]) != "ACTIVE")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The probe port {portId} is still {status} after {timeout.TotalSeconds} s: the agent did not wire it.");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _probe.UnplugAsync(PortId);
        await _client.DeleteResourceAsync("ports", PortId.ToString(), mayBeGone: true);
    }
}
