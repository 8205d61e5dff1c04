using System.Text.Json.Nodes;
using Kumo.Dashboard.Live;

namespace Kumo.Dashboard.Pages.Servers;

/// <summary>One server: GET /servers/{id}; the console, the actions and the timeline come live from /live/servers/{id}.</summary>
public sealed class ServerDetailModel : DashboardPage
{
    public ServerRow Row { get; private set; } = ServerRow.Template;

    public string? Host { get; private set; }

    public string? KeyName { get; private set; }

    public async Task OnGetAsync(string id)
    {
        var server = (JsonObject)(await Api.GetAsync(Api.Compute("servers/" + Uri.EscapeDataString(id)), Aborted))["server"]!;
        var (flavors, images) = await Api.NamesAsync(Aborted);
        Row = ServerRow.From(server, flavors, images);
        Host = (string?)server["OS-EXT-SRV-ATTR:host"] ?? "(shown to admins)";
        KeyName = (string?)server["key_name"];
    }
}
