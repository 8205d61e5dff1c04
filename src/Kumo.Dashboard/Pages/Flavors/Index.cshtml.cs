using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Flavors;

public sealed record FlavorRow(string Id, string Name, int Vcpus, int Ram, int Disk, bool Public);

/// <summary>Nova's flavors: everyone sees them, admins create and delete them (the API says 403 to others).</summary>
public sealed class FlavorsModel : DashboardPage
{
    public IReadOnlyList<FlavorRow> Flavors { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var flavors = await Api.ListAsync(Api.Compute("flavors/detail?is_public=None"), "flavors", Aborted);
        Flavors = flavors.OfType<JsonObject>().Select(f => new FlavorRow((string)f["id"]!, (string?)f["name"] ?? "", (int?)f["vcpus"] ?? 0,
            (int?)f["ram"] ?? 0, (int?)f["disk"] ?? 0, (bool?)f["os-flavor-access:is_public"] ?? true)).OrderBy(f => f.Ram).ToList();
    }

    public async Task<IActionResult> OnPostCreateAsync(string name, string vcpus, string ram, string disk)
    {
        try
        {
            await Api.PostAsync(Api.Compute("flavors"), new JsonObject
            {
                ["flavor"] = new JsonObject { ["name"] = name, ["vcpus"] = Number(vcpus), ["ram"] = Number(ram), ["disk"] = Number(disk) },
            }, Aborted);
            Notice = $"Flavor {name} created.";
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        try
        {
            await Api.DeleteAsync(Api.Compute("flavors/" + Uri.EscapeDataString(id)), Aborted);
            Notice = "Flavor deleted.";
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    /// <summary>A number as a number; anything else as typed, for the API to name what is wrong.</summary>
    private static JsonNode Number(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : text;
}
