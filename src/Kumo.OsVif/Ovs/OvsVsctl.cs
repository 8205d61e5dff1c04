using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.OsVif.Host;

namespace Kumo.OsVif.Ovs;

/// <summary>
/// ovs-vsctl (os-vif's ovsdb helper, Neutron's ovs_lib): bridges, ports and their external-ids and
/// tags. Adds use --may-exist and deletes --if-exists, so every call is idempotent.
/// </summary>
public sealed class OvsVsctl(HostToolRunner tools)
{
    /// <summary>Pure VLAN tag of a port that must not pass traffic (Neutron's DEAD_VLAN_TAG).</summary>
    public const int DeadVlan = 4095;

    private const string Timeout = "--timeout=10";

    public Task AddBridgeAsync(string bridge, string datapathType, CancellationToken cancellationToken = default) =>
        VsctlAsync(cancellationToken, "--may-exist", "add-br", bridge, "--", "set", "Bridge", bridge, $"datapath_type={datapathType}");

    public Task DeleteBridgeAsync(string bridge, CancellationToken cancellationToken = default) =>
        VsctlAsync(cancellationToken, "--if-exists", "del-br", bridge);

    public async Task<bool> BridgeExistsAsync(string bridge, CancellationToken cancellationToken = default) =>
        (await tools.TryRunAsync(HostTools.OvsVsctl, [Timeout, "br-exists", bridge], cancellationToken)).ExitCode == 0;

    /// <summary>Adds a port (its interface named the same) with external-ids and, when given, an access VLAN tag.</summary>
    public Task AddPortAsync(string bridge, string port, IReadOnlyDictionary<string, string> externalIds, int? tag = null,
        CancellationToken cancellationToken = default)
    {
        List<string> args = ["--may-exist", "add-port", bridge, port, "--", "set", "Interface", port];
        args.AddRange(externalIds.Select(kv => $"external-ids:{kv.Key}={kv.Value}"));
        if (tag is { } t)
        {
            args.AddRange(["--", "set", "Port", port, $"tag={t.ToString(CultureInfo.InvariantCulture)}"]);
        }
        return VsctlAsync(cancellationToken, [.. args]);
    }

    /// <summary>
    /// Adds an OVS internal port (ovs-vswitchd makes the device: a tap on the netdev datapath) with external-ids and an
    /// access VLAN tag, as Neutron's OVS interface driver plugs a namespace device without a veth (ovs_use_veth false).
    /// </summary>
    public Task AddInternalPortAsync(string bridge, string port, IReadOnlyDictionary<string, string> externalIds, int tag,
        CancellationToken cancellationToken = default)
    {
        List<string> args = ["--may-exist", "add-port", bridge, port, "--", "set", "Interface", port, "type=internal"];
        args.AddRange(externalIds.Select(kv => $"external-ids:{kv.Key}={kv.Value}"));
        args.AddRange(["--", "set", "Port", port, $"tag={tag.ToString(CultureInfo.InvariantCulture)}"]);
        return VsctlAsync(cancellationToken, [.. args]);
    }

    public Task DeletePortAsync(string bridge, string port, CancellationToken cancellationToken = default) =>
        VsctlAsync(cancellationToken, "--if-exists", "del-port", bridge, port);

    /// <summary>Sets the access VLAN. --no-wait: returns once the database has it instead of waiting for
    /// ovs-vswitchd's reconfiguration round (tens of ms on the netdev datapath); the switch applies it right after.</summary>
    public Task SetTagAsync(string port, int tag, CancellationToken cancellationToken = default) =>
        VsctlAsync(cancellationToken, "--no-wait", "set", "Port", port, $"tag={tag.ToString(CultureInfo.InvariantCulture)}");

    public async Task<int?> GetTagAsync(string port, CancellationToken cancellationToken = default)
    {
        var text = (await VsctlAsync(cancellationToken, "--no-wait", "get", "Port", port, "tag")).Trim();
        return int.TryParse(text, out var tag) ? tag : null;
    }

    /// <summary>The bridge and access tag of a port in one ovs-vsctl run (each run costs a process); null when there is no such port.</summary>
    public async Task<(string Bridge, int? Tag)?> GetPortPlacementAsync(string port, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.OvsVsctl, [Timeout, "--no-wait", "port-to-br", port, "--", "get", "Port", port, "tag"], cancellationToken);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (result.ExitCode != 0 || lines.Length < 2)
        {
            return null;
        }
        return (lines[0], int.TryParse(lines[1], out var tag) ? tag : null);
    }

    public async Task<IReadOnlyList<string>> ListPortsAsync(string bridge, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.OvsVsctl, [Timeout, "list-ports", bridge], cancellationToken);
        return result.ExitCode != 0 ? [] : result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The bridge an interface is on; null when OVS has no such interface.</summary>
    public async Task<string?> InterfaceBridgeAsync(string iface, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.OvsVsctl, [Timeout, "--no-wait", "iface-to-br", iface], cancellationToken);
        return result.ExitCode == 0 ? result.StdOut.Trim() : null;
    }

    /// <summary>Every interface on the bridge, with its external-ids and OpenFlow port number.</summary>
    public async Task<IReadOnlyList<OvsInterface>> ListInterfacesAsync(string bridge, CancellationToken cancellationToken = default)
    {
        var ports = (await ListPortsAsync(bridge, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (ports.Count == 0)
        {
            return [];
        }
        var json = await VsctlAsync(cancellationToken, "--format=json", "--columns=name,ofport,external_ids", "list", "Interface");
        var data = JsonNode.Parse(json)?["data"] as JsonArray ?? [];
        return data.OfType<JsonArray>()
            .Select(row => new OvsInterface((string?)row[0] ?? "", OvsdbJson.Int(row[1]), OvsdbJson.Map(row[2])))
            .Where(i => ports.Contains(i.Name))
            .ToList();
    }

    private Task<string> VsctlAsync(CancellationToken cancellationToken, params string[] args) =>
        tools.RunAsync(HostTools.OvsVsctl, [Timeout, .. args], cancellationToken);
}
