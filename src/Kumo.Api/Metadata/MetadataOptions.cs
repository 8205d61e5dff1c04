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
}
