using System.Text.Json.Nodes;
using Kumo.Cli.Client;
using Kumo.Client.Errors;

namespace Kumo.Cli.Commands;

/// <summary>Finding servers, flavors and images by name or id, and their names for display.</summary>
internal static class Lookups
{
    public static Task<JsonObject> ServerAsync(CloudApi api, string nameOrId, CancellationToken ct) =>
        ResourceFinder.FindAsync("server", nameOrId, api.Compute.GetServerAsync, api.Compute.ListServersAsync, ct);

    public static Task<JsonObject> FlavorAsync(CloudApi api, string nameOrId, CancellationToken ct) =>
        ResourceFinder.FindAsync("flavor", nameOrId, api.Compute.GetFlavorAsync, api.Compute.ListFlavorsAsync, ct);

    public static Task<JsonObject> ImageAsync(CloudApi api, string nameOrId, CancellationToken ct) =>
        ResourceFinder.FindAsync("image", nameOrId, api.Image.GetImageAsync, api.Image.ListImagesAsync, ct);

    /// <summary>Image and flavor names by id, for list and show; ids stay shown where a list fails.</summary>
    public static async Task<(Dictionary<string, string> Images, Dictionary<string, string> Flavors)> NamesAsync(CloudApi api, CancellationToken ct)
    {
        var images = await TryNamesAsync(() => api.Image.ListImagesAsync(ct));
        var flavors = await TryNamesAsync(() => api.Compute.ListFlavorsAsync(ct));
        return (images, flavors);
    }

    private static async Task<Dictionary<string, string>> TryNamesAsync(Func<Task<List<JsonObject>>> list)
    {
        try
        {
            return (await list()).Where(r => r["id"] is not null).GroupBy(r => (string)r["id"]!)
                .ToDictionary(g => g.Key, g => (string?)g.First()["name"] ?? g.Key);
        }
        catch (Exception ex) when (ex is CliException or OpenStackApiException)
        {
            return [];
        }
    }
}
