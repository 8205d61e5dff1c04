using System.Text;

namespace Kumo.Virt.ConfigDrive;

/// <summary>One answer of the metadata tree: the bytes and their type, or the password handler's slot.</summary>
public sealed record MetadataItem(byte[] Body, string ContentType, bool IsPassword = false)
{
    public const string TextPlain = "text/plain";
    public const string ApplicationJson = "application/json";

    public static MetadataItem Text(string text) => new(Encoding.UTF8.GetBytes(text), TextPlain);
}

/// <summary>
/// Path lookup over what <see cref="InstanceMetadata"/> holds, as Nova's base.py lookup does for the
/// metadata service: /openstack/&lt;version&gt;/&lt;file&gt; from the same version files the config
/// drive writes, and anything else under the EC2 tree (/&lt;version&gt;/meta-data/...). Null: no such
/// path (the service answers 404).
/// </summary>
public static class MetadataTree
{
    private const string OpenStack = "openstack";
    private const string PasswordName = "password";

    /// <summary>GET / : the EC2 versions (Nova answers this before it looks the instance up).</summary>
    public static MetadataItem RootListing() => MetadataItem.Text(string.Join('\n', Ec2Metadata.Versions.Append(InstanceMetadata.Latest)));

    public static MetadataItem? Lookup(InstanceMetadata metadata, string path)
    {
        var tokens = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Any(t => t is "." or ".."))
        {
            return null;
        }
        if (tokens.Length == 0)
        {
            return RootListing();
        }
        return tokens[0] == OpenStack ? LookupOpenStack(metadata, tokens[1..]) : LookupEc2(metadata, tokens);
    }

    private static MetadataItem? LookupOpenStack(InstanceMetadata metadata, string[] tokens)
    {
        if (tokens.Length == 0)
        {
            return MetadataItem.Text(string.Join('\n', InstanceMetadata.Versions.Append(InstanceMetadata.Latest)));
        }
        var version = tokens[0];
        if (version != InstanceMetadata.Latest && !InstanceMetadata.Versions.Contains(version))
        {
            return null;
        }
        var files = metadata.VersionFiles(version);
        var hasPassword = InstanceMetadata.AtLeast(version, "2013-04-04");
        if (tokens.Length == 1)
        {
            var names = files.Keys.Order(StringComparer.Ordinal).ToList();
            if (hasPassword)
            {
                names.Add(PasswordName);
            }
            return MetadataItem.Text(string.Join('\n', names));
        }
        if (tokens.Length != 2)
        {
            return null;
        }
        if (tokens[1] == PasswordName)
        {
            return hasPassword ? new MetadataItem([], MetadataItem.TextPlain, IsPassword: true) : null;
        }
        return files.TryGetValue(tokens[1], out var body)
            ? new MetadataItem(body, tokens[1].EndsWith(".json", StringComparison.Ordinal) ? MetadataItem.ApplicationJson : MetadataItem.TextPlain)
            : null;
    }

    private static MetadataItem? LookupEc2(InstanceMetadata metadata, string[] tokens)
    {
        object? node = Ec2Metadata.Tree(metadata, tokens[0]);
        foreach (var token in tokens[1..])
        {
            node = node is Ec2Directory dir && dir.TryGetValue(token, out var child) ? child : null;
        }
        return node switch
        {
            Ec2Directory dir => new MetadataItem(dir.List(), MetadataItem.TextPlain),
            string text => MetadataItem.Text(text),
            byte[] bytes => new MetadataItem(bytes, MetadataItem.TextPlain),
            _ => null,
        };
    }
}
