using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kumo.EndToEndTests;

/// <summary>Neutron v2.0 calls as a user makes them, on a client of <see cref="LibvirtCloud"/>.</summary>
public static class NeutronRequests
{
    /// <summary>POST /network/v2.0/{collection} with one {resource: body}; asserts the 201 and returns the resource.</summary>
    public static async Task<JsonObject> CreateResourceAsync(this HttpClient client, string collection, string resource, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync($"/network/v2.0/{collection}", new JsonObject { [resource] = body });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {collection} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())![resource]!.AsObject();
    }

    /// <summary>GET /network/v2.0/{collection}?{query}: the list under <paramref name="collection"/> (its JSON name, "_" for "-").</summary>
    public static async Task<IReadOnlyList<JsonObject>> ListResourcesAsync(this HttpClient client, string collection, string query = "")
    {
        var list = await client.GetFromJsonAsync<JsonObject>($"/network/v2.0/{collection}?{query}");
        return [.. list![collection.Replace('-', '_')]!.AsArray().Select(n => n!.AsObject())];
    }

    public static async Task<JsonObject> ShowResourceAsync(this HttpClient client, string collection, string resource, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/network/v2.0/{collection}/{id}"))![resource]!.AsObject();

    /// <summary>DELETE /network/v2.0/{collection}/{id}; asserts the 204 (or 404 when <paramref name="mayBeGone"/>).</summary>
    public static async Task DeleteResourceAsync(this HttpClient client, string collection, string id, bool mayBeGone = false)
    {
        using var response = await client.DeleteAsync($"/network/v2.0/{collection}/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent || (mayBeGone && response.StatusCode == HttpStatusCode.NotFound),
            $"DELETE {collection}/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
