using System.Text.Json.Nodes;
using Kumo.Network.Errors;

namespace Kumo.Api.Network;

/// <summary>
/// /v2.0/extensions: only what this server really implements, by neutron-lib's aliases
/// (neutron_lib/api/definitions/*.py ALIAS), so a client that checks an extension before using it
/// (Tempest's api_extensions, openstacksdk) is never promised more.
/// </summary>
public static class NetworkExtensions
{
    private static readonly (string Alias, string Name, string Description)[] Implemented =
    [
        ("security-group", "security-group", "The security groups extension."),
        ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
        ("port-security", "Port Security", "Provides port security"),
        ("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
        ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
        ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
        ("net-mtu-writable", "Network MTU (writable)", "Provides a writable MTU attribute for a network resource."),
        ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
        ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
        ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
        ("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"),
        ("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
        ("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
    ];

    public static IReadOnlyList<string> Aliases { get; } = [.. Implemented.Select(e => e.Alias)];

    public static void Map(RouteGroupBuilder v20)
    {
        v20.MapGet("/extensions", () => Results.Json(new JsonObject { ["extensions"] = new JsonArray([.. Implemented.Select(e => (JsonNode)View(e))]) }));
        v20.MapGet("/extensions/{alias}", (string alias) =>
            Implemented.FirstOrDefault(e => e.Alias == alias) is { Alias: not null } found
                ? Results.Json(new JsonObject { ["extension"] = View(found) })
                : throw new ExtensionNotFoundException(alias));
    }

    private static JsonObject View((string Alias, string Name, string Description) e) => new()
    {
        ["alias"] = e.Alias,
        ["name"] = e.Name,
        ["description"] = e.Description,
        ["updated"] = "2025-01-01T00:00:00-00:00",
        ["links"] = new JsonArray(),
    };
}

public sealed class ExtensionNotFoundException(string alias) : NeutronNotFoundException($"Extension with alias {alias} does not exist");
