namespace Kumo.Api;

/// <summary>The API service's settings (the [api] and [keystone_authtoken] parts of nova.conf that apply).</summary>
public sealed class ApiOptions
{
    /// <summary>Where the one listener binds. Loopback by default: expose it deliberately.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8774";

    /// <summary>The base URL published in the catalog and version documents; empty means <see cref="Listen"/>.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The region of every catalog endpoint.</summary>
    public string Region { get; set; } = "RegionOne";

    /// <summary>How long a token lives (Keystone's [token] expiration, 3600 s).</summary>
    public TimeSpan TokenExpiration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest image upload accepted (Glance's image_size_cap, 1 TiB).</summary>
    public long ImageSizeCap { get; set; } = 1L << 40;

    /// <summary>Largest page a list returns (Nova's [api] max_limit, 1000).</summary>
    public int MaxLimit { get; set; } = 1000;

    public string EffectivePublicUrl => string.IsNullOrEmpty(PublicUrl) ? Listen : PublicUrl;
}
