using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Virt.ConfigDrive;

/// <summary>
/// What a guest learns about itself, laid out as Nova's metadata (nova/api/metadata/base.py): the
/// files of one version directory (meta_data.json, user_data, vendor_data*.json, network_data.json)
/// and the injected files they point at. Shared by the config drive and the metadata service (which,
/// as Nova's, is built without injected files or admin password: those exist only at spawn time).
/// </summary>
public sealed class InstanceMetadata
{
    /// <summary>Nova's OpenStack metadata versions, oldest first (Folsom ... Victoria); "latest" holds the newest layout.</summary>
    public static readonly IReadOnlyList<string> Versions =
        ["2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27", "2020-10-14"];

    public const string Latest = "latest";

    private const string Grizzly = "2013-04-04";
    private const string Havana = "2013-10-17";
    private const string Liberty = "2015-10-15";
    private const string NewtonOne = "2016-06-30";
    private const string NewtonTwo = "2016-10-06";

    private readonly Instance _instance;
    private readonly IReadOnlyList<InjectedFile> _files;
    private readonly string? _adminPassword;
    private readonly NetworkInfo _network;
    private readonly byte[] _randomSeed;

    public InstanceMetadata(Instance instance, NetworkInfo network, IReadOnlyList<InjectedFile> files, string? adminPassword, byte[]? randomSeed = null)
    {
        _instance = instance;
        _network = network;
        _files = files;
        _adminPassword = adminPassword;
        _randomSeed = randomSeed ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(512);
    }

    /// <summary>
    /// Nova's [api] dhcp_domain, appended to the hostname in meta_data.json and the EC2 tree
    /// (base.py _get_hostname); empty: the bare hostname.
    /// </summary>
    public string DhcpDomain { get; init; } = "novalocal";

    public Instance Instance => _instance;

    public NetworkInfo Network => _network;

    /// <summary>The hostname as the guest is told it: hostname.dhcp_domain.</summary>
    public string FullHostname => DhcpDomain.Length == 0 ? _instance.Hostname : _instance.Hostname + "." + DhcpDomain;

    /// <summary>The decoded user data, or null when the server has none.</summary>
    public byte[]? UserData => _instance.UserData is { } userData ? Convert.FromBase64String(userData) : null;

    /// <summary>The injected files as stored on the drive: openstack/content/0000, 0001 ...</summary>
    public IEnumerable<(string Name, byte[] Contents)> Content() =>
        _files.Select((file, index) => (ContentName(index), file.Decode()));

    /// <summary>Relative path → bytes of one version directory (<paramref name="version"/> is a date or "latest").</summary>
    public IReadOnlyDictionary<string, byte[]> VersionFiles(string version)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["meta_data.json"] = Json(MetaData(version)),
        };
        if (UserData is { } userData)
        {
            files["user_data"] = userData;
        }
        if (AtLeast(version, Havana))
        {
            files["vendor_data.json"] = Json(new JsonObject());
        }
        if (AtLeast(version, Liberty))
        {
            files["network_data.json"] = Json(NetworkData.For(_network));
        }
        if (AtLeast(version, NewtonTwo))
        {
            files["vendor_data2.json"] = Json(new JsonObject());
        }
        return files;
    }

    public JsonObject MetaData(string version)
    {
        var meta = new JsonObject { ["uuid"] = _instance.Uuid.ToString("D") };
        if (_instance.Metadata.Count > 0)
        {
            meta["meta"] = new JsonObject(_instance.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }
        if (_files.Count > 0)
        {
            meta["files"] = new JsonArray([.. _files.Select((f, i) => (JsonNode)new JsonObject { ["path"] = f.Path, ["content_path"] = "/content/" + ContentName(i) })]);
        }
        if (_adminPassword is not null)
        {
            // Nova puts it in extra_md for the config drive only; the metadata service never serves it here.
            meta["admin_pass"] = _adminPassword;
        }
        if (_instance.KeyName is { } keyName && _instance.KeyData is { } keyData)
        {
            meta["public_keys"] = new JsonObject { [keyName] = keyData };
            meta["keys"] = new JsonArray(new JsonObject { ["name"] = keyName, ["type"] = KeyType(keyData), ["data"] = keyData });
        }
        meta["hostname"] = FullHostname;
        meta["name"] = _instance.DisplayName;
        meta["launch_index"] = _instance.LaunchIndex;
        meta["availability_zone"] = _instance.AvailabilityZone ?? "nova";
        if (AtLeast(version, Grizzly))
        {
            meta["random_seed"] = Convert.ToBase64String(_randomSeed);
        }
        if (AtLeast(version, Liberty))
        {
            meta["project_id"] = _instance.ProjectId;
        }
        if (AtLeast(version, NewtonOne))
        {
            meta["devices"] = new JsonArray();
        }
        return meta;
    }

    private static string ContentName(int index) => index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Nova's key pair types: x509 certificates begin with the PEM header, everything else is ssh.</summary>
    private static string KeyType(string keyData) => keyData.StartsWith("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? "x509" : "ssh";

    internal static bool AtLeast(string version, string required) =>
        version == Latest || string.CompareOrdinal(version, required) >= 0;

    // Compact (Nova's json.dumps puts a space after ',' and ':'; JSON parsers do not care). Relaxed
    // escaping: the default escapes '+' as \u002B, which a key's base64 is full of, and the guest's
    // simple readers want the key text as it is. Still valid JSON: quotes and controls are escaped.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(JsonOptions));
}
