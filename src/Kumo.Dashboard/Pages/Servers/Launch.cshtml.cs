using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Servers;

/// <summary>
/// The launch form. The dashboard does not second-guess the API: it sends what was typed
/// (POST /servers) and shows the API's own message at the field it names.
/// </summary>
public sealed class LaunchModel : DashboardPage
{
    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Image { get; set; }

    [BindProperty]
    public string? Flavor { get; set; }

    [BindProperty]
    public string? KeyName { get; set; }

    [BindProperty]
    public string? UserData { get; set; }

    [BindProperty]
    public string Count { get; set; } = "1";

    /// <summary>A network id, or empty for Nova's default (every network the project may use).</summary>
    [BindProperty]
    public string? Network { get; set; }

    [BindProperty]
    public List<string> SecurityGroups { get; set; } = [];

    public IReadOnlyList<(string Id, string Name)> Networks { get; private set; } = [];

    public IReadOnlyList<string> SecurityGroupNames { get; private set; } = [];

    /// <summary>Why the network choices are missing (a cloud without Neutron).</summary>
    public string? NetworksUnavailable { get; private set; }

    public IReadOnlyList<(string Id, string Name)> Images { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> Flavors { get; private set; } = [];

    public IReadOnlyList<string> Keypairs { get; private set; } = [];

    /// <summary>Field → the API's message ("" for one that names no field of the form).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>aria-invalid of a field: "true" when the API named it, else absent.</summary>
    public string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    public Task OnGetAsync() => LoadChoicesAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await Api.PostAsync(Api.Compute("servers"), new JsonObject { ["server"] = Server() }, Aborted);
            Notice = Count.Trim() is "" or "1" ? $"Launching {Name}." : $"Launching {Count.Trim()} servers named {Name}.";
            return Redirect("/servers");
        }
        catch (OpenStackApiException ex) when (ex.Status is 400 or 403 or 404 or 409 or 413)
        {
            Errors[LaunchErrorField.Of(ex.Message)] = ex.Message;
            await LoadChoicesAsync();
            return Page();
        }
    }

    private JsonObject Server()
    {
        var server = new JsonObject { ["name"] = Name, ["flavorRef"] = Flavor ?? "" };
        if (!string.IsNullOrEmpty(Image))
        {
            server["imageRef"] = Image;
        }
        if (!string.IsNullOrWhiteSpace(KeyName))
        {
            server["key_name"] = KeyName.Trim();
        }
        if (!string.IsNullOrEmpty(UserData))
        {
            server["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(UserData));
        }
        if (!string.IsNullOrEmpty(Network))
        {
            server["networks"] = new JsonArray(new JsonObject { ["uuid"] = Network });
        }
        if (SecurityGroups.Count > 0)
        {
            server["security_groups"] = new JsonArray([.. SecurityGroups.Select(g => (JsonNode)new JsonObject { ["name"] = g })]);
        }
        var count = Count.Trim();
        if (count.Length > 0)
        {
            // A number goes as one; anything else goes as typed, for the API to name what is wrong with it.
            JsonNode value = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : count;
            server["min_count"] = value.DeepClone();
            server["max_count"] = value;
        }
        return server;
    }

    private async Task LoadChoicesAsync()
    {
        var images = Api.ListAsync(Api.Image("v2/images?status=active&limit=1000"), "images", Aborted);
        var flavors = Api.ListAsync(Api.Compute("flavors/detail"), "flavors", Aborted);
        var keypairs = Api.ListAsync(Api.Compute("os-keypairs"), "keypairs", Aborted);
        // Kernels and ramdisks are parts of a machine image, not something to boot.
        Images = (await images).OfType<JsonObject>()
            .Where(i => (string?)i["disk_format"] is not ("aki" or "ari"))
            .Select(i => ((string)i["id"]!, (string?)i["name"] ?? (string)i["id"]!)).ToList();
        Flavors = (await flavors).OfType<JsonObject>()
            .OrderBy(f => (int?)f["ram"] ?? 0)
            .Select(f => ((string)f["id"]!, $"{(string?)f["name"]} ({(int?)f["vcpus"]} vCPU, {(int?)f["ram"]} MB, {(int?)f["disk"]} GB)")).ToList();
        Keypairs = (await keypairs).OfType<JsonObject>().Select(k => (string?)k["keypair"]?["name"] ?? "").Where(n => n.Length > 0).ToList();
        await LoadNetworkChoicesAsync();
        Image ??= Images.FirstOrDefault().Id;
        Flavor ??= Flavors.FirstOrDefault().Id;
    }

    private async Task LoadNetworkChoicesAsync()
    {
        try
        {
            var networks = Api.ListAsync(Api.Network("v2.0/networks"), "networks", Aborted);
            var groups = Api.ListAsync(Api.Network("v2.0/security-groups?fields=name"), "security_groups", Aborted);
            Networks = (await networks).OfType<JsonObject>()
                .Select(n => ((string)n["id"]!, (string?)n["name"] is { Length: > 0 } name ? name : (string)n["id"]!))
                .OrderBy(n => n.Item2, StringComparer.Ordinal).ToList();
            SecurityGroupNames = [.. (await groups).OfType<JsonObject>().Select(g => (string?)g["name"] ?? "").Where(n => n.Length > 0).Distinct().Order(StringComparer.Ordinal)];
        }
        catch (OpenStackApiException ex) when (ex.Status is 403 or 404 or 503)
        {
            NetworksUnavailable = ex.Message;
        }
    }
}
