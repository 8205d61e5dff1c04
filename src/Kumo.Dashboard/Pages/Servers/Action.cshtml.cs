using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Servers;

/// <summary>Stop, start, reboot, delete: the API checks the state (409 with its message when wrong); back to where the user was.</summary>
public sealed class ServerActionModel : DashboardPage
{
    public IActionResult OnGet(string id) => Redirect("/servers/" + Uri.EscapeDataString(id));

    public async Task<IActionResult> OnPostAsync(string id, string op, string? returnUrl)
    {
        var back = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/servers";
        var server = Api.Compute("servers/" + Uri.EscapeDataString(id));
        try
        {
            switch (op)
            {
                case "delete":
                    await Api.DeleteAsync(server, Aborted);
                    Notice = "Deleting the server.";
                    return Redirect(back.StartsWith("/servers/", StringComparison.Ordinal) ? "/servers" : back);
                case "stop" or "start" or "reboot" or "reboot-hard":
                    await Api.PostAsync(new Uri(server + "/action"), Body(op), Aborted);
                    Notice = op switch { "stop" => "Stopping the server.", "start" => "Starting the server.", _ => "Rebooting the server." };
                    break;
                default:
                    Problem = $"Unknown action '{op}'.";
                    break;
            }
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
        }
        return Redirect(back);
    }

    private static JsonObject Body(string op) => op switch
    {
        "stop" => new JsonObject { ["os-stop"] = null },
        "start" => new JsonObject { ["os-start"] = null },
        "reboot-hard" => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "HARD" } },
        _ => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "SOFT" } },
    };
}
