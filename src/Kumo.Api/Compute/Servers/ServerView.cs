using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Objects.Context;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// Nova's server view builder (nova/api/openstack/compute/views/servers.py) for the microversions
/// served: the field set of Tempest's get_server / list_servers_detail schemas per version, the
/// extended server attributes for admins only, the fault of an ERROR server.
/// </summary>
public sealed class ServerView(string computeUrl)
{
    private static readonly HashSet<string> ProgressStatuses = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"];

    public JsonObject Summary(Instance instance) => new()
    {
        ["id"] = instance.Uuid.ToString(),
        ["links"] = Links("servers", instance.Uuid.ToString()),
        ["name"] = instance.DisplayName,
    };

    /// <summary>The minimal view PUT /servers/{id} answers with (Nova's update: no extended attributes).</summary>
    public JsonObject Basic(Instance instance, InstanceFault? fault, RequestContext context, Microversion version)
    {
        var status = ServerStatus.From(instance.VmState, instance.TaskState);
        var server = new JsonObject
        {
            ["id"] = instance.Uuid.ToString(),
            ["name"] = instance.DisplayName,
            ["status"] = status,
            ["tenant_id"] = instance.ProjectId,
            ["user_id"] = instance.UserId,
            ["metadata"] = Metadata(instance),
            ["hostId"] = HostId(instance),
            ["image"] = new JsonObject { ["id"] = instance.ImageRef.ToString(), ["links"] = Bookmark("images", instance.ImageRef.ToString()) },
            ["flavor"] = new JsonObject { ["id"] = instance.Flavor.Id, ["links"] = Bookmark("flavors", instance.Flavor.Id) },
            ["created"] = Time(instance.CreatedAt),
            ["updated"] = Time(instance.UpdatedAt),
            ["addresses"] = new JsonObject(),
            ["accessIPv4"] = instance.AccessIpV4 ?? "",
            ["accessIPv6"] = instance.AccessIpV6 ?? "",
            ["links"] = Links("servers", instance.Uuid.ToString()),
            ["OS-DCF:diskConfig"] = "MANUAL",
        };
        if (ProgressStatuses.Contains(status))
        {
            server["progress"] = 0;
        }
        if (fault is not null && status is "ERROR" or "DELETED")
        {
            server["fault"] = Fault(fault, context);
        }
        if (version.AtLeast("2.9"))
        {
            server["locked"] = false;
        }
        if (version.AtLeast("2.19"))
        {
            server["description"] = instance.Description;
        }
        return server;
    }

    /// <summary>GET /servers/{id} and each item of /servers/detail.</summary>
    public JsonObject Detail(Instance instance, InstanceFault? fault, RequestContext context, Microversion version)
    {
        var server = Basic(instance, fault, context, version);
        server["key_name"] = instance.KeyName;
        server["config_drive"] = "";
        server["OS-EXT-AZ:availability_zone"] = instance.Host is null ? instance.AvailabilityZone ?? "" : ServerCreateBody.DefaultZone;
        server["OS-SRV-USG:launched_at"] = UsageTime(instance.LaunchedAt);
        server["OS-SRV-USG:terminated_at"] = UsageTime(instance.TerminatedAt);
        server["OS-EXT-STS:vm_state"] = instance.VmState.ToNovaName();
        server["OS-EXT-STS:task_state"] = instance.TaskState.ToNovaName();
        server["OS-EXT-STS:power_state"] = (int)instance.PowerState;
        server["os-extended-volumes:volumes_attached"] = new JsonArray();
        if (context.IsAdmin)
        {
            AddExtendedAttributes(server, instance, version);
        }
        return server;
    }

    private static void AddExtendedAttributes(JsonObject server, Instance instance, Microversion version)
    {
        server["OS-EXT-SRV-ATTR:host"] = instance.Host;
        server["OS-EXT-SRV-ATTR:hypervisor_hostname"] = instance.Node;
        server["OS-EXT-SRV-ATTR:instance_name"] = "instance-" + instance.Uuid.ToString("D");
        if (version.AtLeast("2.3"))
        {
            server["OS-EXT-SRV-ATTR:reservation_id"] = instance.ReservationId;
            server["OS-EXT-SRV-ATTR:launch_index"] = instance.LaunchIndex;
            server["OS-EXT-SRV-ATTR:hostname"] = instance.Hostname;
            server["OS-EXT-SRV-ATTR:kernel_id"] = instance.KernelId ?? "";
            server["OS-EXT-SRV-ATTR:ramdisk_id"] = instance.RamdiskId ?? "";
            server["OS-EXT-SRV-ATTR:root_device_name"] = instance.LaunchedAt is null ? null : "/dev/vda";
            server["OS-EXT-SRV-ATTR:user_data"] = instance.UserData;
        }
        if (version.AtLeast("2.16"))
        {
            // The compute service runs in this process: a host that has the server is up.
            server["host_status"] = instance.Host is null ? "" : "UP";
        }
    }

    /// <summary>Details (the stack) only for admins or when the fault is not an internal error, as Nova.</summary>
    private static JsonObject Fault(InstanceFault fault, RequestContext context)
    {
        var body = new JsonObject
        {
            ["code"] = fault.Code,
            ["created"] = Time(fault.CreatedAt),
            ["message"] = fault.Message,
        };
        if ((context.IsAdmin || fault.Code != 500) && !string.IsNullOrEmpty(fault.Details))
        {
            body["details"] = fault.Details;
        }
        return body;
    }

    public JsonArray Links(string collection, string id) => new(
        new JsonObject { ["rel"] = "self", ["href"] = $"{computeUrl}/v2.1/{collection}/{id}" },
        new JsonObject { ["rel"] = "bookmark", ["href"] = $"{computeUrl}/{collection}/{id}" });

    private JsonArray Bookmark(string collection, string id) => new(new JsonObject { ["rel"] = "bookmark", ["href"] = $"{computeUrl}/{collection}/{id}" });

    private static JsonObject Metadata(Instance instance)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in instance.Metadata)
        {
            metadata[key] = value;
        }
        return metadata;
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
