using System.Globalization;
using System.Text;

namespace Kumo.Virt.ConfigDrive;

/// <summary>
/// The EC2-style tree (/&lt;version&gt;/meta-data/..., /&lt;version&gt;/user-data) as Nova's base.py
/// get_ec2_metadata builds it, keys gated by the version that introduced them. Kumo has no EC2 id
/// mapping table: instance-id and ami-id are i-/ami- and the first 8 hex digits of the UUID.
/// </summary>
public static class Ec2Metadata
{
    /// <summary>Nova's EC2 metadata versions, oldest first; "latest" means the last.</summary>
    public static readonly IReadOnlyList<string> Versions =
        ["1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04"];

    /// <summary>The tree of one version, or null for an unknown version.</summary>
    public static Ec2Directory? Tree(InstanceMetadata metadata, string version)
    {
        if (version == InstanceMetadata.Latest)
        {
            version = Versions[^1];
        }
        var index = IndexOf(version);
        if (index < 0)
        {
            return null;
        }
        var root = new Ec2Directory { ["meta-data"] = MetaData(metadata, index) };
        if (metadata.UserData is { } userData)
        {
            root["user-data"] = userData;
        }
        return root;
    }

    private static Ec2Directory MetaData(InstanceMetadata metadata, int version)
    {
        var instance = metadata.Instance;
        var hostname = metadata.FullHostname;
        var meta = new Ec2Directory
        {
            ["ami-id"] = "ami-" + Short(instance.ImageRef),
            ["ami-launch-index"] = instance.LaunchIndex.ToString(CultureInfo.InvariantCulture),
            ["ami-manifest-path"] = "FIXME",
            ["instance-id"] = "i-" + Short(instance.Uuid),
            ["hostname"] = hostname,
            ["local-ipv4"] = FixedIpv4(metadata) ?? "",
            ["reservation-id"] = instance.ReservationId ?? "",
            ["security-groups"] = string.Join('\n', instance.SecurityGroups),
        };
        if (instance.KeyName is { } keyName)
        {
            meta["public-keys"] = new Ec2Directory
            {
                ["0"] = new Ec2Directory(Listing: "0=" + keyName) { ["openssh-key"] = instance.KeyData ?? "" },
            };
        }
        if (version >= IndexOf("2007-01-19"))
        {
            meta["local-hostname"] = hostname;
            meta["public-hostname"] = hostname;
            meta["public-ipv4"] = "";
        }
        if (version >= IndexOf("2007-08-29"))
        {
            meta["instance-type"] = instance.Flavor.Name;
        }
        if (version >= IndexOf("2007-12-15"))
        {
            meta["block-device-mapping"] = BlockDeviceMapping(metadata);
        }
        if (version >= IndexOf("2008-02-01"))
        {
            meta["placement"] = new Ec2Directory { ["availability-zone"] = instance.AvailabilityZone ?? "nova" };
        }
        if (version >= IndexOf("2008-09-01"))
        {
            meta["instance-action"] = "none";
        }
        return meta;
    }

    /// <summary>Nova's _format_instance_mapping for a local boot: the root, then the flavor's ephemeral and swap (vdb, vdc).</summary>
    private static Ec2Directory BlockDeviceMapping(InstanceMetadata metadata)
    {
        var flavor = metadata.Instance.Flavor;
        var mapping = new Ec2Directory { ["ami"] = "vda", ["root"] = "/dev/vda" };
        var next = 'b';
        if (flavor.EphemeralGb > 0)
        {
            mapping["ephemeral0"] = "vd" + next++;
        }
        if (flavor.SwapMb > 0)
        {
            mapping["swap"] = "vd" + next;
        }
        return mapping;
    }

    private static string? FixedIpv4(InstanceMetadata metadata) =>
        metadata.Network.Vifs.SelectMany(v => v.Subnets).Where(s => s.IpVersion == 4).SelectMany(s => s.Ips).FirstOrDefault()
        ?? metadata.Network.Vifs.SelectMany(v => v.FixedIps).FirstOrDefault(ip => !ip.Contains(':', StringComparison.Ordinal));

    private static string Short(Guid id) => id.ToString("N")[..8];

    private static int IndexOf(string version) => Versions.ToList().IndexOf(version);
}

/// <summary>
/// A directory of the EC2 tree: values are strings, byte arrays or directories. Its listing names a
/// subdirectory "key/", unless it has a listing of its own (public-keys/ lists "0=keyname").
/// </summary>
public sealed class Ec2Directory(string? Listing = null) : SortedDictionary<string, object>(StringComparer.Ordinal)
{
    public string? OwnListing => Listing;

    public byte[] List() => Encoding.UTF8.GetBytes(string.Join('\n', this.Select(e => e.Value is Ec2Directory d ? d.OwnListing ?? e.Key + "/" : e.Key)));
}
