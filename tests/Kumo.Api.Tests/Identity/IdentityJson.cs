using System.Text.Json.Nodes;

namespace Kumo.Api.Tests.Identity;

internal static class IdentityJson
{
    public static async Task<JsonNode> BodyAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    public static async Task<JsonObject> KeystoneErrorAsync(this HttpResponseMessage response, int code)
    {
        Assert.Equal(code, (int)response.StatusCode);
        var error = (await response.BodyAsync())["error"]!.AsObject();
        Assert.Equal(code, (int?)error["code"]);
        return error;
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public static StringContent Json(string raw) => new(raw, System.Text.Encoding.UTF8, "application/json");
}
