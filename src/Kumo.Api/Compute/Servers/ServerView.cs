using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Objects.Context;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// Nova's server view builder (nova/api/openstack/compute/views/servers.py) for the microversions
/// served: the field set of Tempest's get_server / list_servers_detail schemas per version, the
/// extended server attributes for admins only, the fault of an ERROR server. Written straight to a
/// Utf8JsonWriter: /servers/detail of 1,000 servers is ~30,000 members, too many for a node tree.
/// </summary>
public sealed class ServerView(string computeUrl)
{
    private static readonly HashSet<string> ProgressStatuses = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"];

    public void WriteSummary(Utf8JsonWriter w, Instance instance)
    {
        w.WriteStartObject();
        w.WriteString("id", instance.Uuid);
        WriteLinks(w, "servers", instance.Uuid.ToString());
        w.WriteString("name", instance.DisplayName);
        w.WriteEndObject();
    }

    /// <summary>The minimal view PUT /servers/{id} answers with (Nova's update: no extended attributes).</summary>
    public JsonObject Basic(Instance instance, InstanceFault? fault, RequestContext context, Microversion version, NetworkInfo? networkInfo = null) =>
        ToNode(w =>
        {
            w.WriteStartObject();
            WriteBasicMembers(w, instance, fault, context, version, networkInfo);
            w.WriteEndObject();
        });

    /// <summary>GET /servers/{id}.</summary>
    public JsonObject Detail(Instance instance, InstanceFault? fault, RequestContext context, Microversion version, NetworkInfo? networkInfo = null) =>
        ToNode(w => WriteDetail(w, instance, fault, context, version, networkInfo));
    /// <summary>
    /// GET /servers/{id}'s whole body, {"server": {...}}, as UTF-8 JSON: written once, not built as a
    /// node tree and serialised again (show is what every client polls while its server builds).
    /// </summary>
    public byte[] ShowBody(Instance instance, InstanceFault? fault, RequestContext context, Microversion version, NetworkInfo? networkInfo = null)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("server");
            WriteDetail(w, instance, fault, context, version, networkInfo);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>GET /servers/{id} and each item of /servers/detail.</summary>
    public void WriteDetail(Utf8JsonWriter w, Instance instance, InstanceFault? fault, RequestContext context, Microversion version,
        NetworkInfo? networkInfo = null)
    {
        w.WriteStartObject();
        WriteBasicMembers(w, instance, fault, context, version, networkInfo);
        w.WriteString("key_name", instance.KeyName);
        w.WriteString("config_drive", instance.ConfigDrive ? "True" : "");
        w.WriteString("OS-EXT-AZ:availability_zone", instance.Host is null ? instance.AvailabilityZone ?? "" : ServerCreateBody.DefaultZone);
        w.WriteString("OS-SRV-USG:launched_at", UsageTime(instance.LaunchedAt));
        w.WriteString("OS-SRV-USG:terminated_at", UsageTime(instance.TerminatedAt));
        w.WriteString("OS-EXT-STS:vm_state", instance.VmState.ToNovaName());
        w.WriteString("OS-EXT-STS:task_state", instance.TaskState.ToNovaName());
        w.WriteNumber("OS-EXT-STS:power_state", (int)instance.PowerState);
        w.WriteStartArray("os-extended-volumes:volumes_attached");
        w.WriteEndArray();
        if (version.AtLeast("2.26"))
        {
            w.WriteStartArray("tags");
            foreach (var tag in instance.Tags)
            {
                w.WriteStringValue(tag);
            }
            w.WriteEndArray();
        }
        if (context.IsAdmin)
        {
            WriteExtendedAttributes(w, instance, version);
        }
        w.WriteEndObject();
    }

    private void WriteBasicMembers(Utf8JsonWriter w, Instance instance, InstanceFault? fault, RequestContext context, Microversion version,
        NetworkInfo? networkInfo)
    {
        var status = ServerStatus.From(instance.VmState, instance.TaskState);
        w.WriteString("id", instance.Uuid);
        w.WriteString("name", instance.DisplayName);
        w.WriteString("status", status);
        w.WriteString("tenant_id", instance.ProjectId);
        w.WriteString("user_id", instance.UserId);
        w.WriteStartObject("metadata");
        foreach (var (key, value) in instance.Metadata)
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
        w.WriteString("hostId", HostId(instance));
        w.WriteStartObject("image");
        w.WriteString("id", instance.ImageRef);
        WriteBookmark(w, "images", instance.ImageRef.ToString());
        w.WriteEndObject();
        w.WriteStartObject("flavor");
        w.WriteString("id", instance.Flavor.Id);
        WriteBookmark(w, "flavors", instance.Flavor.Id);
        w.WriteEndObject();
        w.WriteString("created", Time(instance.CreatedAt));
        w.WriteString("updated", Time(instance.UpdatedAt));
        w.WriteStartObject("addresses");
        AddressesView.Write(w, networkInfo, extended: true);
        w.WriteEndObject();
        w.WriteString("accessIPv4", instance.AccessIpV4 ?? "");
        w.WriteString("accessIPv6", instance.AccessIpV6 ?? "");
        WriteLinks(w, "servers", instance.Uuid.ToString());
        w.WriteString("OS-DCF:diskConfig", "MANUAL");
        if (ProgressStatuses.Contains(status))
        {
            w.WriteNumber("progress", 0);
        }
        if (fault is not null && status is "ERROR" or "DELETED")
        {
            WriteFault(w, fault, context);
        }
        if (version.AtLeast("2.9"))
        {
            w.WriteBoolean("locked", false);
        }
        if (version.AtLeast("2.19"))
        {
            w.WriteString("description", instance.Description);
        }
    }

    private static void WriteExtendedAttributes(Utf8JsonWriter w, Instance instance, Microversion version)
    {
        w.WriteString("OS-EXT-SRV-ATTR:host", instance.Host);
        w.WriteString("OS-EXT-SRV-ATTR:hypervisor_hostname", instance.Node);
        w.WriteString("OS-EXT-SRV-ATTR:instance_name", "instance-" + instance.Uuid.ToString("D"));
        if (version.AtLeast("2.3"))
        {
            w.WriteString("OS-EXT-SRV-ATTR:reservation_id", instance.ReservationId);
            w.WriteNumber("OS-EXT-SRV-ATTR:launch_index", instance.LaunchIndex);
            w.WriteString("OS-EXT-SRV-ATTR:hostname", instance.Hostname);
            w.WriteString("OS-EXT-SRV-ATTR:kernel_id", instance.KernelId ?? "");
            w.WriteString("OS-EXT-SRV-ATTR:ramdisk_id", instance.RamdiskId ?? "");
            w.WriteString("OS-EXT-SRV-ATTR:root_device_name", instance.LaunchedAt is null ? null : "/dev/vda");
            w.WriteString("OS-EXT-SRV-ATTR:user_data", instance.UserData);
        }
        if (version.AtLeast("2.16"))
        {
            // The compute service runs in this process: a host that has the server is up.
            w.WriteString("host_status", instance.Host is null ? "" : "UP");
        }
    }

    /// <summary>Details (the stack) only for admins or when the fault is not an internal error, as Nova.</summary>
    private static void WriteFault(Utf8JsonWriter w, InstanceFault fault, RequestContext context)
    {
        w.WriteStartObject("fault");
        w.WriteNumber("code", fault.Code);
        w.WriteString("created", Time(fault.CreatedAt));
        w.WriteString("message", fault.Message);
        if ((context.IsAdmin || fault.Code != 500) && !string.IsNullOrEmpty(fault.Details))
        {
            w.WriteString("details", fault.Details);
        }
        w.WriteEndObject();
    }

    public JsonArray Links(string collection, string id) => new(
        new JsonObject { ["rel"] = "self", ["href"] = $"{computeUrl}/v2.1/{collection}/{id}" },
        new JsonObject { ["rel"] = "bookmark", ["href"] = $"{computeUrl}/{collection}/{id}" });

    private void WriteLinks(Utf8JsonWriter w, string collection, string id)
    {
        w.WriteStartArray("links");
        WriteLink(w, "self", $"{computeUrl}/v2.1/{collection}/{id}");
        WriteLink(w, "bookmark", $"{computeUrl}/{collection}/{id}");
        w.WriteEndArray();
    }

    private void WriteBookmark(Utf8JsonWriter w, string collection, string id)
    {
        w.WriteStartArray("links");
        WriteLink(w, "bookmark", $"{computeUrl}/{collection}/{id}");
        w.WriteEndArray();
    }

    private static void WriteLink(Utf8JsonWriter w, string rel, string href)
    {
        w.WriteStartObject();
        w.WriteString("rel", rel);
        w.WriteString("href", href);
        w.WriteEndObject();
    }

    private static JsonObject ToNode(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>
    /// Like Nova's generate_hostid (sha224 of project id + host): an opaque id per project and host, so a
    /// project sees which of its servers share a host but cannot map hosts across projects. .NET has no
    /// SHA-224, so this is SHA-256 cut to the same 56 hex characters.
    /// </summary>
    private static string HostId(Instance instance) => instance.Host is null
        ? ""
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instance.ProjectId + instance.Host)))[..56];

    /// <summary>Nova's API timestamps: "2012-09-27T11:33:21Z".</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>OS-SRV-USG and instance actions: Python's isoformat of a naive UTC time, "2012-09-27T11:33:21.000000".</summary>
    public static string? UsageTime(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
