using System.Text.Json.Nodes;
using Kumo.Dashboard.Live;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Servers;

/// <summary>The server list: GET /servers/detail with Nova's name and status filters; the script keeps it live.</summary>
public sealed class ServersModel : DashboardPage
{
    public static readonly string[] Statuses = ["ACTIVE", "BUILD", "SHUTOFF", "REBOOT", "HARD_REBOOT", "ERROR"];

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<ServerRow> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Name))
        {
            // Nova's name filter is a regular expression; the form asks for part of a name.
            query.Add("name=" + Uri.EscapeDataString(System.Text.RegularExpressions.Regex.Escape(Name.Trim())));
        }
        if (!string.IsNullOrWhiteSpace(Status))
        {
            query.Add("status=" + Uri.EscapeDataString(Status));
        }
        var url = Api.Compute("servers/detail" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        var servers = Api.ListAsync(url, "servers", Aborted);
        var (flavors, images) = await Api.NamesAsync(Aborted);
        Rows = (await servers).OfType<JsonObject>().Select(s => ServerRow.From(s, flavors, images)).ToList();
    }
}
