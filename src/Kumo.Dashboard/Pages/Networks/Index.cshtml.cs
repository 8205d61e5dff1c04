using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Networks;

public sealed record SubnetRow(string Id, string Name, string NetworkId, string Cidr, string? Gateway, bool Dhcp);

public sealed record NetworkRow(string Id, string Name, string Status, bool Shared, bool External, int? Mtu, IReadOnlyList<SubnetRow> Subnets);

/// <summary>Neutron's networks and subnets (GET/POST/DELETE /v2.0/networks and /v2.0/subnets), as the signed-in user.</summary>
public sealed class NetworksModel : DashboardPage
{
    public IReadOnlyList<NetworkRow> Networks { get; private set; } = [];

    /// <summary>Why nothing is listed (no Neutron endpoint in the catalog, or the API's own refusal).</summary>
    public string? Unavailable { get; private set; }

    public async Task OnGetAsync()
    {
        try
        {
            var networks = Api.ListAsync(Api.Network("v2.0/networks"), "networks", Aborted);
            var subnets = (await Api.ListAsync(Api.Network("v2.0/subnets"), "subnets", Aborted)).OfType<JsonObject>()
                .Select(s => new SubnetRow((string)s["id"]!, (string?)s["name"] ?? "", (string?)s["network_id"] ?? "", (string?)s["cidr"] ?? "",
                    (string?)s["gateway_ip"], (bool?)s["enable_dhcp"] ?? false))
                .ToLookup(s => s.NetworkId, StringComparer.Ordinal);
            Networks = (await networks).OfType<JsonObject>()
                .Select(n => new NetworkRow((string)n["id"]!, (string?)n["name"] ?? "", (string?)n["status"] ?? "", (bool?)n["shared"] ?? false,
                    (bool?)n["router:external"] ?? false, (int?)n["mtu"], [.. subnets[(string)n["id"]!]]))
                .OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        }
        catch (OpenStackApiException ex) when (ex.Status is 403 or 404 or 503)
        {
            Unavailable = ex.Message;
        }
    }

    public Task<IActionResult> OnPostCreateNetworkAsync(string name, bool shared) =>
        ActAsync(async () =>
        {
            var network = new JsonObject { ["name"] = name };
            if (shared)
            {
                network["shared"] = true;
            }
            await Api.PostAsync(Api.Network("v2.0/networks"), new JsonObject { ["network"] = network }, Aborted);
            return $"Network {name} created.";
        });

    public Task<IActionResult> OnPostCreateSubnetAsync(string networkId, string name, string cidr, string? gateway, bool dhcp) =>
        ActAsync(async () =>
        {
            // The fields go as typed: Neutron names what is wrong (a CIDR that is not one, a gateway outside it).
            var subnet = new JsonObject
            {
                ["network_id"] = networkId,
                ["name"] = name,
                ["cidr"] = cidr.Trim(),
                ["ip_version"] = cidr.Contains(':', StringComparison.Ordinal) ? 6 : 4,
                ["enable_dhcp"] = dhcp,
            };
            if (!string.IsNullOrWhiteSpace(gateway))
            {
                subnet["gateway_ip"] = gateway.Trim();
            }
            var body = await Api.PostAsync(Api.Network("v2.0/subnets"), new JsonObject { ["subnet"] = subnet }, Aborted);
            return $"Subnet {name} ({(string?)body?["subnet"]?["cidr"] ?? cidr}) created.";
        });

    public Task<IActionResult> OnPostDeleteNetworkAsync(string id, string? name) =>
        ActAsync(async () =>
        {
            await Api.DeleteAsync(Api.Network("v2.0/networks/" + Uri.EscapeDataString(id)), Aborted);
            return $"Network {name ?? id} deleted.";
        });

    public Task<IActionResult> OnPostDeleteSubnetAsync(string id, string? name) =>
        ActAsync(async () =>
        {
            await Api.DeleteAsync(Api.Network("v2.0/subnets/" + Uri.EscapeDataString(id)), Aborted);
            return $"Subnet {name ?? id} deleted.";
        });

    /// <summary>One call to Neutron; its own message on refusal, then back to the list (post/redirect/get).</summary>
    private async Task<IActionResult> ActAsync(Func<Task<string>> call)
    {
        try
        {
            Notice = await call();
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    public static string Mtu(int? mtu) => mtu?.ToString(CultureInfo.InvariantCulture) ?? "";
}
