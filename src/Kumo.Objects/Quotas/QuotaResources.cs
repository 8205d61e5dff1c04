namespace Kumo.Objects.Quotas;

/// <summary>
/// Nova's quota resources and their defaults (nova.conf [quota]; -1 means unlimited). Only instances,
/// cores, ram and key_pairs are enforced here; the network and file-injection ones are shown as
/// Nova shows them at microversions below 2.36 and 2.57.
/// </summary>
public static class QuotaResources
{
    public const string Instances = "instances";
    public const string Cores = "cores";
    public const string Ram = "ram";
    public const string KeyPairs = "key_pairs";
    public const string MetadataItems = "metadata_items";

    /// <summary>Every resource with its default, in the order Nova's views list them.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, int>> Defaults =
    [
        new(Instances, 10),
        new(Cores, 20),
        new(Ram, 51200),
        new("floating_ips", 10),
        new("fixed_ips", -1),
        new(MetadataItems, 128),
        new(KeyPairs, 100),
        new("security_groups", 10),
        new("security_group_rules", 20),
        new("server_groups", 10),
        new("server_group_members", 10),
        new("injected_files", 5),
        new("injected_file_content_bytes", 10240),
        new("injected_file_path_bytes", 255),
    ];

    public static bool IsKnown(string resource) => Defaults.Any(d => d.Key == resource);

    /// <summary>Nova's proxy resources, gone from quota sets and limits at 2.36.</summary>
    public static readonly IReadOnlySet<string> NetworkProxies = new HashSet<string> { "floating_ips", "fixed_ips", "security_groups", "security_group_rules" };

    /// <summary>Personality (file injection) resources, gone at 2.57.</summary>
    public static readonly IReadOnlySet<string> Injection = new HashSet<string> { "injected_files", "injected_file_content_bytes", "injected_file_path_bytes" };
}
