using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Objects.Network;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// Nova's addresses view builder: the fixed IPs of each port grouped by network label, in port
/// order. The server views add OS-EXT-IPS:type and OS-EXT-IPS-MAC:mac_addr; /ips shows version and
/// addr only (Tempest's list_addresses schema allows nothing else).
/// </summary>
public static class AddressesView
{
    /// <summary>The members of "addresses": label → [{version, addr, ...}].</summary>
    public static void Write(Utf8JsonWriter w, NetworkInfo? networkInfo, bool extended)
    {
        foreach (var (label, vifs) in ByLabel(networkInfo))
        {
            w.WriteStartArray(label);
            foreach (var vif in vifs)
            {
                foreach (var ip in vif.FixedIps)
                {
                    WriteAddress(w, vif, ip, extended);
                }
            }
            w.WriteEndArray();
        }
    }

    public static JsonObject Addresses(NetworkInfo? networkInfo, bool extended) => ToObject(w =>
    {
        w.WriteStartObject();
        Write(w, networkInfo, extended);
        w.WriteEndObject();
    });

    /// <summary>GET /servers/{id}/ips/{label}: {label: [...]}, or null when the server has no port there.</summary>
    public static JsonObject? Network(NetworkInfo? networkInfo, string label)
    {
        var vifs = ByLabel(networkInfo).FirstOrDefault(g => g.Label == label).Vifs;
        if (vifs is null)
        {
            return null;
        }
        return ToObject(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(label);
            foreach (var vif in vifs)
            {
                foreach (var ip in vif.FixedIps)
                {
                    WriteAddress(w, vif, ip, extended: false);
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteAddress(Utf8JsonWriter w, Vif vif, string ip, bool extended)
    {
        w.WriteStartObject();
        w.WriteNumber("version", ip.Contains(':') ? 6 : 4);
        w.WriteString("addr", ip);
        if (extended)
        {
            w.WriteString("OS-EXT-IPS:type", "fixed");
            w.WriteString("OS-EXT-IPS-MAC:mac_addr", vif.MacAddress);
        }
        w.WriteEndObject();
    }

    /// <summary>The network's name as Nova's label; its id when the network service gave no name.</summary>
    private static List<(string Label, List<Vif> Vifs)> ByLabel(NetworkInfo? networkInfo)
    {
        var groups = new List<(string Label, List<Vif> Vifs)>();
        foreach (var vif in networkInfo?.Vifs ?? [])
        {
            var label = vif.NetworkLabel.Length > 0 ? vif.NetworkLabel : vif.NetworkId.ToString();
            var group = groups.FindIndex(g => g.Label == label);
            if (group < 0)
            {
                groups.Add((label, [vif]));
            }
            else
            {
                groups[group].Vifs.Add(vif);
            }
        }
        return groups;
    }

    private static JsonObject ToObject(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }
}
