using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Networks;

public sealed record RuleRow(string Id, string Direction, string Ethertype, string? Protocol, int? PortMin, int? PortMax, string? RemoteIpPrefix, string? RemoteGroup)
{
    public string Ports => (PortMin, PortMax) switch
    {
        (null, null) => "any",
        ({ } min, { } max) when min == max => min.ToString(CultureInfo.InvariantCulture),
        var (min, max) => $"{min}-{max}",
    };
}

public sealed record GroupRow(string Id, string Name, string Description, IReadOnlyList<RuleRow> Rules);

/// <summary>Neutron's security groups and their rules: list, create and delete groups, add and delete rules.</summary>
public sealed class SecurityGroupsModel : DashboardPage
{
    public IReadOnlyList<GroupRow> Groups { get; private set; } = [];

    public string? Unavailable { get; private set; }

    /// <summary>Group id → name, for a rule whose remote is a group.</summary>
    public string NameOf(string? groupId) => Groups.FirstOrDefault(g => g.Id == groupId)?.Name ?? groupId ?? "";

    public async Task OnGetAsync()
    {
        try
        {
            var groups = await Api.ListAsync(Api.Network("v2.0/security-groups"), "security_groups", Aborted);
            Groups = groups.OfType<JsonObject>().Select(g => new GroupRow((string)g["id"]!, (string?)g["name"] ?? "", (string?)g["description"] ?? "",
                [.. (g["security_group_rules"] as JsonArray ?? []).OfType<JsonObject>().Select(Rule).OrderBy(r => r.Direction, StringComparer.Ordinal)]))
                .OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
        }
        catch (OpenStackApiException ex) when (ex.Status is 403 or 404 or 503)
        {
            Unavailable = ex.Message;
        }
    }

    private static RuleRow Rule(JsonObject r) => new((string)r["id"]!, (string?)r["direction"] ?? "", (string?)r["ethertype"] ?? "",
        (string?)r["protocol"], (int?)r["port_range_min"], (int?)r["port_range_max"], (string?)r["remote_ip_prefix"], (string?)r["remote_group_id"]);

    public Task<IActionResult> OnPostCreateGroupAsync(string name, string? description) =>
        ActAsync(async () =>
        {
            var group = new JsonObject { ["name"] = name };
            if (!string.IsNullOrWhiteSpace(description))
            {
                group["description"] = description;
            }
            await Api.PostAsync(Api.Network("v2.0/security-groups"), new JsonObject { ["security_group"] = group }, Aborted);
            return $"Security group {name} created.";
        });

    public Task<IActionResult> OnPostDeleteGroupAsync(string id, string? name) =>
        ActAsync(async () =>
        {
            await Api.DeleteAsync(Api.Network("v2.0/security-groups/" + Uri.EscapeDataString(id)), Aborted);
            return $"Security group {name ?? id} deleted.";
        });

    public Task<IActionResult> OnPostAddRuleAsync(string groupId, string direction, string ethertype, string? protocol, string? portMin, string? portMax,
        string? remoteIpPrefix) =>
        ActAsync(async () =>
        {
            var rule = new JsonObject { ["security_group_id"] = groupId, ["direction"] = direction, ["ethertype"] = ethertype };
            Optional(rule, "protocol", protocol);
            Optional(rule, "port_range_min", portMin);
            Optional(rule, "port_range_max", portMax);
            Optional(rule, "remote_ip_prefix", remoteIpPrefix);
            await Api.PostAsync(Api.Network("v2.0/security-group-rules"), new JsonObject { ["security_group_rule"] = rule }, Aborted);
            return "Rule added.";
        });

    public Task<IActionResult> OnPostDeleteRuleAsync(string id) =>
        ActAsync(async () =>
        {
            await Api.DeleteAsync(Api.Network("v2.0/security-group-rules/" + Uri.EscapeDataString(id)), Aborted);
            return "Rule deleted.";
        });

    /// <summary>Empty is left out (Neutron's "any"); a number goes as one, anything else as typed for Neutron to name.</summary>
    private static void Optional(JsonObject body, string field, string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        body[field] = field.StartsWith("port_", StringComparison.Ordinal) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : text;
    }

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
}
