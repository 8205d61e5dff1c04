using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Image;
using Kumo.Objects.Images;

namespace Kumo.Api.Image;

/// <summary>Glance's /v2/images/{id}/members: the owner offers a shared image, the member accepts or rejects it.</summary>
public static class ImageMembersApi
{
    public static void Map(IEndpointRouteBuilder v2)
    {
        v2.MapGet("/images/{imageId}/members", async (HttpContext http, ImageApi images, string imageId) =>
        {
            var members = await images.ListMembersAsync(http.KumoContext(), ImagesApi.ParseId(imageId), http.RequestAborted);
            return Results.Json(new JsonObject
            {
                ["members"] = new JsonArray([.. members.Select(m => (JsonNode)ImageView.Member(m))]),
                ["schema"] = "/v2/schemas/members",
            });
        });
        v2.MapPost("/images/{imageId}/members", async (HttpContext http, ImageApi images, string imageId) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            var memberId = Text(body, "member", "Member to be added not specified");
            var member = await images.CreateMemberAsync(http.KumoContext(), ImagesApi.ParseId(imageId), memberId, http.RequestAborted);
            return Results.Json(ImageView.Member(member));
        });
        v2.MapGet("/images/{imageId}/members/{memberId}", async (HttpContext http, ImageApi images, string imageId, string memberId) =>
            Results.Json(ImageView.Member(await images.GetMemberAsync(http.KumoContext(), ImagesApi.ParseId(imageId), memberId, http.RequestAborted))));
        v2.MapPut("/images/{imageId}/members/{memberId}", async (HttpContext http, ImageApi images, string imageId, string memberId) =>
        {
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            var status = Text(body, "status", "Status not specified") switch
            {
                "pending" => ImageMemberStatus.Pending,
                "accepted" => ImageMemberStatus.Accepted,
                "rejected" => ImageMemberStatus.Rejected,
                var other => throw ApiException.BadRequest($"Invalid status: {other}. It must be one of pending, accepted, rejected."),
            };
            var member = await images.UpdateMemberAsync(http.KumoContext(), ImagesApi.ParseId(imageId), memberId, status, http.RequestAborted);
            return Results.Json(ImageView.Member(member));
        });
        v2.MapDelete("/images/{imageId}/members/{memberId}", async (HttpContext http, ImageApi images, string imageId, string memberId) =>
        {
            await images.DeleteMemberAsync(http.KumoContext(), ImagesApi.ParseId(imageId), memberId, http.RequestAborted);
            return Results.NoContent();
        });
    }

    private static string Text(JsonObject body, string name, string missing) =>
        body[name] switch
        {
            null => throw ApiException.BadRequest(missing),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw ApiException.BadRequest($"Invalid value for '{name}': it must be a string."),
        };
}
