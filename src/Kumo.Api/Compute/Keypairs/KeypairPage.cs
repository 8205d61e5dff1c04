using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db.Stores;

namespace Kumo.Api.Compute.Keypairs;

/// <summary>Key pair paging from microversion 2.35: limit, marker (a key pair name), and a next link when a page is full.</summary>
public static class KeypairPage
{
    public static (IReadOnlyList<KeyPairRecord> Page, JsonArray? Next) Of(IReadOnlyList<KeyPairRecord> all, IQueryCollection query, ApiOptions options)
    {
        var limit = options.MaxLimit;
        if (query["limit"].FirstOrDefault() is { } text)
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
            {
                throw ApiException.BadRequest("limit param must be an integer");
            }
            limit = limit >= 0 ? Math.Min(limit, options.MaxLimit) : throw ApiException.BadRequest("limit param must be positive");
        }
        var start = 0;
        if (query["marker"].FirstOrDefault() is { } marker)
        {
            var index = all.ToList().FindIndex(k => k.Name == marker);
            start = index >= 0 ? index + 1 : throw ApiException.NotFound($"Marker {marker} could not be found.");
        }
        var page = all.Skip(start).Take(limit).ToList();
        if (page.Count == 0 || page.Count < limit)
        {
            return (page, null);
        }
        var parameters = query.Where(q => q.Key != "marker").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"marker={Uri.EscapeDataString(page[^1].Name)}");
        var href = $"{options.EffectivePublicUrl.TrimEnd('/')}{ApiPaths.Compute}/v2.1/os-keypairs?{string.Join('&', parameters)}";
        return (page, new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = href }));
    }
}
