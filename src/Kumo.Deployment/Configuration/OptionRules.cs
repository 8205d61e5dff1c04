using System.Globalization;
using System.Reflection;

namespace Kumo.Deployment.Configuration;

/// <summary>
/// Values that convert but cannot work: negative sizes and intervals, relative paths, a listen
/// address that is no URL, a driver Kumo does not have. Checked on the bound options (so also on
/// options built in code), each failure naming the key and the value.
/// </summary>
internal static class OptionRules
{
    private static readonly string[] _virtDrivers = ["libvirt", "fake"];

    private static readonly string[] _virtTypes = ["auto", "kvm", "qemu"];

    private static readonly string[] _datapathTypes = ["netdev", "system"];

    public static void Check(KumoOptions options)
    {
        AtLeast("Compute:MaxConcurrentBuilds", options.Compute.MaxConcurrentBuilds, 1);
        AtLeast("Scheduler:MaxAttempts", options.Scheduler.MaxAttempts, 1);
        Positive("Compute:CpuAllocationRatio", options.Compute.CpuAllocationRatio);
        Positive("Compute:RamAllocationRatio", options.Compute.RamAllocationRatio);
        Positive("Compute:DiskAllocationRatio", options.Compute.DiskAllocationRatio);
        Require("Compute:Host", options.Compute.Host, !string.IsNullOrWhiteSpace(options.Compute.Host), "must not be empty");
        OneOf("VirtDriver", options.VirtDriver, _virtDrivers);
        OneOf("Libvirt:VirtType", options.Libvirt.VirtType, _virtTypes);
        AtLeast("Libvirt:KeepAliveIntervalSeconds", options.Libvirt.KeepAliveIntervalSeconds, 0);
        AtLeast("Libvirt:KeepAliveCount", options.Libvirt.KeepAliveCount, 0);
        OneOf("Ovs:DatapathType", options.Ovs.DatapathType, _datapathTypes);
        Require("Ovs:IntegrationBridge", options.Ovs.IntegrationBridge, options.Ovs.IntegrationBridge is { Length: > 0 and <= 15 } b && !b.Contains('/') && !b.Any(char.IsWhiteSpace),
            "must be a device name of 1 to 15 characters");
        // iptables chain names end at 28 characters: prefix + "-i" + 11 port-id characters.
        Require("NetworkAgent:ChainPrefix", options.NetworkAgent.ChainPrefix, options.NetworkAgent.ChainPrefix is { Length: > 0 and <= 10 } c && c.All(char.IsAsciiLetterOrDigit),
            "must be 1 to 10 letters or digits");
        Require("Database", options.Database, options.Database is "" or ":memory:" || options.Database.StartsWith('/'),
            "must be empty (<StateDir>/kumo.db), ':memory:' or an absolute path");
        Require("Api:Listen", options.Api.Listen, IsHttpUrl(options.Api.Listen), "must be an http:// or https:// URL with a host and port, e.g. http://127.0.0.1:8774");
        Require("Api:PublicUrl", options.Api.PublicUrl, options.Api.PublicUrl.Length == 0 || IsHttpUrl(options.Api.PublicUrl), "must be empty (the listen URL) or an http(s) URL");
        AtLeast("Api:MaxLimit", options.Api.MaxLimit, 1);
        Require("Dashboard:Listen", options.Dashboard.Listen, options.Dashboard.Listen.Length == 0 || IsHttpUrl(options.Dashboard.Listen),
            "must be empty (no dashboard) or an http:// or https:// URL with a host and port, e.g. http://127.0.0.1:8080");
        Require("Metadata:Listen", options.Metadata.Listen, options.Metadata.Listen.Length == 0 || IsHttpUrl(options.Metadata.Listen),
            "must be empty (no metadata service) or an http:// URL with a host and port, e.g. http://127.0.0.1:8775");
        Require("NetworkAgent:MetadataUrl", options.NetworkAgent.MetadataUrl, options.NetworkAgent.MetadataUrl.Length == 0 || IsHttpUrl(options.NetworkAgent.MetadataUrl),
            "must be empty (this host's Metadata:Listen) or the http(s) URL of a metadata service, e.g. http://controller:8775");
        CheckRemoteMetadataSecret(options);
        Require("Dashboard:ApiUrl", options.Dashboard.ApiUrl, options.Dashboard.ApiUrl.Length == 0 || IsHttpUrl(options.Dashboard.ApiUrl),
            "must be empty (Api:Listen) or an http(s) URL");
        Require("Dashboard:PollInterval", options.Dashboard.PollInterval, options.Dashboard.PollInterval >= TimeSpan.FromMilliseconds(100),
            "must be at least 0.1 s (00:00:00.1)");
        Require("Api:TokenExpiration", options.Api.TokenExpiration, options.Api.TokenExpiration > TimeSpan.Zero, "must be longer than zero");
        AtLeast("Identity:PasswordHashRounds", options.Identity.PasswordHashRounds, 1);
        // Otherwise every service looks down between two heartbeats.
        Require("ReportInterval", options.ReportInterval, options.ReportInterval > TimeSpan.Zero, "must be longer than zero");
        Require("ServiceDownTime", options.ServiceDownTime, options.ServiceDownTime > options.ReportInterval,
            $"must be longer than ReportInterval ({options.ReportInterval.TotalSeconds:0.#} s)");
        CheckGenerically(options, "");
    }

    /// <summary>Every number and duration is zero or more; every *Path and *Dir is absolute.</summary>
    private static void CheckGenerically(object section, string prefix)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var key = prefix + property.Name;
            var value = property.GetValue(section);
            switch (value)
            {
                case int or long or double when Convert.ToDouble(value, CultureInfo.InvariantCulture) < 0:
                    Require(key, value, false, "must not be negative");
                    break;
                case TimeSpan span when span < TimeSpan.Zero:
                    Require(key, value, false, "must not be negative");
                    break;
                case string path when IsPathKey(property.Name) && path.Length > 0 && !path.StartsWith('/'):
                    Require(key, value, false, "must be an absolute path");
                    break;
                case not null when property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.PropertyType.Namespace?.StartsWith("Kumo", StringComparison.Ordinal) == true:
                    CheckGenerically(value, key + ":");
                    break;
            }
        }
    }

    /// <summary>
    /// An agent whose proxies forward to another host's metadata service must sign with that service's
    /// secret: one generated here would not match, and every guest's request would be refused (403).
    /// </summary>
    private static void CheckRemoteMetadataSecret(KumoOptions options)
    {
        var agent = options.NetworkAgent;
        if (!agent.Enabled || !agent.EnableIsolatedMetadata || agent.MetadataUrl.Length == 0
            || agent.MetadataProxySharedSecret.Length > 0 || options.Metadata.ProxySharedSecret.Length > 0)
        {
            return;
        }
        var url = agent.MetadataUrl.TrimEnd('/');
        var own = options.Metadata.Enabled && (url == options.Metadata.LocalUrl.TrimEnd('/') || url == options.Metadata.Listen.TrimEnd('/'));
        Require("NetworkAgent:MetadataProxySharedSecret", agent.MetadataProxySharedSecret, own,
            $"must be set to the Metadata:ProxySharedSecret of the metadata service at NetworkAgent:MetadataUrl ({agent.MetadataUrl}; Neutron's metadata_proxy_shared_secret): a secret generated here would not match it and every guest's request would be refused");
    }

    private static bool IsPathKey(string name) => name.EndsWith("Path", StringComparison.Ordinal) || name.EndsWith("Dir", StringComparison.Ordinal);

    private static bool IsHttpUrl(string value)
    {
        // Kestrel's wildcard hosts (http://*:8774, http://+:8774) are not URI hosts; check the rest.
        var candidate = value.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            && uri.AbsolutePath == "/" && uri.Query.Length == 0;
    }

    private static void AtLeast(string key, long value, long minimum) => Require(key, value, value >= minimum, $"must be at least {minimum}");

    private static void Positive(string key, double value) => Require(key, value, value > 0, "must be greater than 0");

    private static void OneOf(string key, string value, string[] allowed) =>
        Require(key, value, allowed.Contains(value, StringComparer.Ordinal), $"must be one of {string.Join(", ", allowed)}");

    private static void Require(string key, object? value, bool ok, string rule)
    {
        if (!ok)
        {
            var shown = value is TimeSpan span ? span.ToString("c", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture);
            throw new InvalidConfigurationException(key, $"{key} {rule}, not '{shown}'.");
        }
    }
}
