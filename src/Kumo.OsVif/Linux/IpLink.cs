using System.Text.Json.Nodes;
using Kumo.Common.Processes;
using Kumo.OsVif.Host;

namespace Kumo.OsVif.Linux;

/// <summary>
/// `ip link` and `ip addr` (os-vif's linux_net): devices in the root namespace or, with a namespace
/// name, inside it (`ip -n NS ...`). Deletes are idempotent: a device that is already gone is success.
/// </summary>
public sealed class IpLink(HostToolRunner tools)
{
    public async Task<bool> ExistsAsync(string device, string? netns = null, CancellationToken cancellationToken = default) =>
        (await tools.TryRunAsync(HostTools.Ip, [.. Ns(netns), "link", "show", "dev", device], cancellationToken)).ExitCode == 0;

    /// <summary>A Linux bridge without STP and with forward delay 0, so a port forwards the moment it joins
    /// (os-vif's ensure_bridge; a guest's first DHCP discover must not be eaten by the learning state).</summary>
    public async Task AddBridgeAsync(string bridge, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(bridge, cancellationToken: cancellationToken))
        {
            await tools.RunAsync(HostTools.Ip, ["link", "add", "name", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0"], cancellationToken);
        }
        await SetUpAsync(bridge, cancellationToken: cancellationToken);
    }

    /// <summary>A veth pair with both ends at <paramref name="mtu"/>; nothing is done when the first end exists.</summary>
    public async Task AddVethAsync(string name, string peer, int mtu, CancellationToken cancellationToken = default)
    {
        if (await ExistsAsync(name, cancellationToken: cancellationToken))
        {
            return;
        }
        var mtuText = mtu.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await tools.RunAsync(HostTools.Ip, ["link", "add", name, "mtu", mtuText, "type", "veth", "peer", "name", peer, "mtu", mtuText], cancellationToken);
    }

    public Task SetMasterAsync(string device, string bridge, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.Ip, ["link", "set", "dev", device, "master", bridge], cancellationToken);

    public Task SetUpAsync(string device, string? netns = null, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.Ip, [.. Ns(netns), "link", "set", "dev", device, "up"], cancellationToken);

    public Task SetMtuAsync(string device, int mtu, string? netns = null, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.Ip, [.. Ns(netns), "link", "set", "dev", device, "mtu", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);

    public Task SetAddressAsync(string device, string mac, string? netns = null, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.Ip, [.. Ns(netns), "link", "set", "dev", device, "address", mac], cancellationToken);

    /// <summary>Moves a device into a namespace (it keeps its name there).</summary>
    public Task SetNetnsAsync(string device, string netns, CancellationToken cancellationToken = default) =>
        tools.RunAsync(HostTools.Ip, ["link", "set", "dev", device, "netns", netns], cancellationToken);

    /// <summary>Adds an address (CIDR notation) unless the device already has it.</summary>
    public async Task AddAddressAsync(string device, string cidr, string? netns = null, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.Ip, [.. Ns(netns), "addr", "add", cidr, "dev", device], cancellationToken);
        if (result.ExitCode != 0 && !result.StdErr.Contains("File exists", StringComparison.Ordinal) && !result.StdErr.Contains("already assigned", StringComparison.Ordinal))
        {
            throw HostCommandException.Failed(new CommandSpec(HostTools.Ip, [.. Ns(netns), "addr", "add", cidr, "dev", device]), result);
        }
    }

    /// <summary>Deletes a device (a veth takes its peer with it); a device already gone is success.</summary>
    public async Task DeleteAsync(string device, string? netns = null, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.Ip, [.. Ns(netns), "link", "delete", "dev", device], cancellationToken);
        if (result.ExitCode != 0 && await ExistsAsync(device, netns, cancellationToken))
        {
            throw HostCommandException.Failed(new CommandSpec(HostTools.Ip, [.. Ns(netns), "link", "delete", "dev", device]), result);
        }
    }

    public async Task<IReadOnlyList<LinkInfo>> ListAsync(string? netns = null, CancellationToken cancellationToken = default)
    {
        var json = await tools.RunAsync(HostTools.Ip, [.. Ns(netns), "-json", "-details", "link", "show"], cancellationToken);
        return JsonNode.Parse(json) is JsonArray links ? links.OfType<JsonObject>().Select(Parse).ToList() : [];
    }

    public async Task<LinkInfo?> GetAsync(string device, string? netns = null, CancellationToken cancellationToken = default)
    {
        var result = await tools.TryRunAsync(HostTools.Ip, [.. Ns(netns), "-json", "-details", "link", "show", "dev", device], cancellationToken);
        return result.ExitCode == 0 && JsonNode.Parse(result.StdOut) is JsonArray { Count: > 0 } links ? Parse(links[0]!.AsObject()) : null;
    }

    private static LinkInfo Parse(JsonObject link) =>
        new((string?)link["ifname"] ?? "",
            (string?)link["linkinfo"]?["info_kind"] ?? "",
            (string?)link["master"],
            (int?)link["mtu"] ?? 0,
            (string?)link["address"],
            link["flags"] is JsonArray flags && flags.Any(f => (string?)f == "UP"));

    private static string[] Ns(string? netns) => netns is null ? [] : ["-n", netns];
}
