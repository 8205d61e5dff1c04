namespace Kumo.Api.Metadata;

/// <summary>The metadata service's settings (nova-api-metadata's listener and [neutron] proxy options).</summary>
public sealed class MetadataOptions
{
    /// <summary>Where the metadata service binds (nova's metadata_listen:metadata_listen_port); empty: no metadata service.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8775";

    /// <summary>
    /// The secret the metadata proxies sign X-Instance-ID with (Nova's [neutron] metadata_proxy_shared_secret).
    /// Empty: `kumo serve` makes one per state directory and hands it to its own agent.
    /// </summary>
    public string ProxySharedSecret { get; set; } = "";

    /// <summary>Nova's [api] dhcp_domain: the guest's hostname is hostname.dhcp_domain; empty: the bare hostname.</summary>
    public string DhcpDomain { get; set; } = "novalocal";

    public bool Enabled => Listen.Length > 0;

    /// <summary>
    /// The listener is reachable from other hosts (a wildcard or an address that is not loopback): it
    /// serves the metadata proxies of their network agents, whether or not this process runs an agent.
    /// </summary>
    public bool ListensBeyondLoopback => Enabled
        && Uri.TryCreate(Listen.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && !uri.IsLoopback;

    /// <summary>Where a proxy on this host reaches the listener: a wildcard listen address becomes loopback.</summary>
    public string LocalUrl => Listen
        .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
        .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
        .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
        .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal);
}
