using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.KeyPairs;
using Kumo.Db;
using Kumo.Db.Stores;
using Kumo.Objects.Context;
using Kumo.Objects.Quotas;

namespace Kumo.Api.Compute.Keypairs;

/// <summary>
/// Nova's os-keypairs, scoped to the caller's user (an admin names another with user_id from 2.10):
/// import a public key or have one generated (the private key is in the create response only);
/// type ssh/x509 from 2.2, which also makes create 201 and delete 204.
/// </summary>
public static class KeypairsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/os-keypairs", async (HttpContext http, KumoStores stores, CancellationToken ct) =>
        {
            var version = http.Microversion();
            var userId = TargetUser(http, http.Request.Query["user_id"].FirstOrDefault(), "index");
            var keyPairs = await stores.KeyPairs.ListAsync(userId, ct);
            return Results.Json(new JsonObject
            {
                ["keypairs"] = new JsonArray(keyPairs.Select(k => (JsonNode)new JsonObject { ["keypair"] = KeypairView.Summary(k, version) }).ToArray()),
            });
        });
        v21.MapGet("/os-keypairs/{name}", async (HttpContext http, string name, KumoStores stores, CancellationToken ct) =>
        {
            var userId = TargetUser(http, http.Request.Query["user_id"].FirstOrDefault(), "show");
            var keyPair = await stores.KeyPairs.GetAsync(userId, name, ct);
            return Results.Json(new JsonObject { ["keypair"] = KeypairView.Detail(keyPair, http.Microversion()) });
        });
        v21.MapPost("/os-keypairs", CreateAsync);
        v21.MapDelete("/os-keypairs/{name}", async (HttpContext http, string name, KumoStores stores, CancellationToken ct) =>
        {
            ResourcePolicy.RequireWriter(http, "os_compute_api:os-keypairs:delete");
            var userId = TargetUser(http, http.Request.Query["user_id"].FirstOrDefault(), "delete");
            await stores.KeyPairs.DeleteAsync(userId, name, ct);
            return Results.StatusCode(http.Microversion().AtLeast("2.2") ? 204 : 202);
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext http, KumoStores stores, TimeProvider time, CancellationToken ct)
    {
        var context = ResourcePolicy.RequireWriter(http, "os_compute_api:os-keypairs:create");
        var version = http.Microversion();
        var request = KeypairCreateRequest.Parse(await JsonBody.ReadObjectAsync(http.Request, ct), version);
        var userId = TargetUser(http, request.UserId, "create");
        var limit = (await stores.Quotas.GetProjectLimitsAsync(context.ProjectId, ct))[QuotaResources.KeyPairs];
        if (limit >= 0 && await stores.KeyPairs.CountAsync(userId, ct) >= limit)
        {
            throw ApiException.Forbidden("Quota exceeded, too many key pairs.");
        }
        var now = time.GetUtcNow();
        var material = request.PublicKey is { } publicKey
            ? KeyPairMaterial.Import(request.Type, publicKey)
            : request.Type == KeyPairMaterial.X509 ? KeyPairMaterial.GenerateX509(userId, now) : KeyPairMaterial.GenerateSsh("Generated-by-Kumo");
        var stored = await stores.KeyPairs.CreateAsync(new KeyPairRecord(0, request.Name, userId, context.ProjectId, material.Fingerprint,
            material.PublicKey, material.Type, now), ct);
        return Results.Json(new JsonObject { ["keypair"] = KeypairView.Created(stored, material.PrivateKey, version) },
            statusCode: version.AtLeast("2.2") ? 201 : 200);
    }

    /// <summary>Whose key pairs: the caller's, or (admin, 2.10) the named user's; another user's for a non-admin is a 403.</summary>
    private static string TargetUser(HttpContext http, string? requested, string action)
    {
        RequestContext context = http.KumoContext();
        if (requested is null || !http.Microversion().AtLeast("2.10") || requested == context.UserId)
        {
            return context.UserId;
        }
        return context.IsAdmin ? requested : throw ApiException.Forbidden($"Policy doesn't allow os_compute_api:os-keypairs:{action} to be performed.");
    }
}

/// <summary>Nova's key pair views per microversion (tempest's keypairs schemas, v2_1 and v2_2).</summary>
internal static class KeypairView
{
    public static JsonObject Summary(KeyPairRecord k, Microversion version) => WithType(new JsonObject
    {
        ["name"] = k.Name,
        ["public_key"] = k.PublicKey,
        ["fingerprint"] = k.Fingerprint,
    }, k, version);

    public static JsonObject Detail(KeyPairRecord k, Microversion version) => WithType(new JsonObject
    {
        ["id"] = k.Id,
        ["name"] = k.Name,
        ["public_key"] = k.PublicKey,
        ["fingerprint"] = k.Fingerprint,
        ["user_id"] = k.UserId,
        ["deleted"] = false,
        ["created_at"] = k.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        ["updated_at"] = null,
        ["deleted_at"] = null,
    }, k, version);

    public static JsonObject Created(KeyPairRecord k, string? privateKey, Microversion version)
    {
        var view = WithType(new JsonObject
        {
            ["name"] = k.Name,
            ["public_key"] = k.PublicKey,
            ["fingerprint"] = k.Fingerprint,
            ["user_id"] = k.UserId,
        }, k, version);
        if (privateKey is not null)
        {
            view["private_key"] = privateKey;
        }
        return view;
    }

    private static JsonObject WithType(JsonObject view, KeyPairRecord k, Microversion version)
    {
        if (version.AtLeast("2.2"))
        {
            view["type"] = k.Type;
        }
        return view;
    }
}
