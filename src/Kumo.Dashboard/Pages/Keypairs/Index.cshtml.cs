using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Dashboard.Pages.Keypairs;

public sealed record KeypairRow(string Name, string Fingerprint);

/// <summary>os-keypairs: list, create (Nova generates the pair and returns the private key once) and import a public key.</summary>
public sealed class KeypairsModel : DashboardPage
{
    public IReadOnlyList<KeypairRow> Keypairs { get; private set; } = [];

    public string? PrivateKey { get; private set; }

    public string? Created { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(string name, string? publicKey)
    {
        var keypair = new JsonObject { ["name"] = name };
        if (!string.IsNullOrWhiteSpace(publicKey))
        {
            keypair["public_key"] = publicKey.Trim();
        }
        try
        {
            var body = await Api.PostAsync(Api.Compute("os-keypairs"), new JsonObject { ["keypair"] = keypair }, Aborted);
            PrivateKey = (string?)body?["keypair"]?["private_key"];
            Created = name;
            if (PrivateKey is null)
            {
                Notice = $"Key pair {name} imported.";
                return RedirectToPage();
            }
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
            return RedirectToPage();
        }
        // The private key is shown in this answer only (no redirect that would need to keep it).
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name)
    {
        try
        {
            await Api.DeleteAsync(Api.Compute("os-keypairs/" + Uri.EscapeDataString(name)), Aborted);
            Notice = $"Key pair {name} deleted.";
        }
        catch (OpenStackApiException ex) when (ex.Status != 401)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var keypairs = await Api.ListAsync(Api.Compute("os-keypairs"), "keypairs", Aborted);
        Keypairs = keypairs.OfType<JsonObject>().Select(k => k["keypair"] as JsonObject).OfType<JsonObject>()
            .Select(k => new KeypairRow((string?)k["name"] ?? "", (string?)k["fingerprint"] ?? "")).ToList();
    }
}
