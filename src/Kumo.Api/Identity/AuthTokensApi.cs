using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Tokens;

namespace Kumo.Api.Identity;

/// <summary>
/// /v3/auth: issue (POST tokens, open), validate (GET/HEAD tokens with X-Subject-Token), revoke
/// (DELETE), and what the caller's token opens: its catalog, projects and domains.
/// </summary>
public static class AuthTokensApi
{
    public const string SubjectTokenHeader = "X-Subject-Token";

    public static void MapOpen(RouteGroupBuilder v3) => v3.MapPost("/auth/tokens", IssueAsync);

    public static void MapSecured(RouteGroupBuilder v3)
    {
        v3.MapGet("/auth/tokens", (HttpContext http, TokenService tokens, TokenView view) => ValidateAsync(http, tokens, view, withBody: true));
        v3.MapMethods("/auth/tokens", [HttpMethods.Head], (HttpContext http, TokenService tokens, TokenView view) => ValidateAsync(http, tokens, view, withBody: false));
        v3.MapDelete("/auth/tokens", RevokeAsync);
        v3.MapGet("/auth/catalog", (HttpContext http, ServiceCatalog catalog, IdentityViews views) =>
            Results.Json(new JsonObject { ["catalog"] = catalog.Build(), ["links"] = views.Links("/auth/catalog") }));
        v3.MapGet("/auth/projects", AuthProjectsAsync);
        v3.MapGet("/auth/domains", AuthDomainsAsync);
    }

    private static async Task<IResult> IssueAsync(HttpContext http, Authenticator authenticator, TokenView view)
    {
        var request = AuthRequestParser.Parse(await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted));
        var (token, issued) = await authenticator.AuthenticateAsync(request, http.RequestAborted);
        http.Response.Headers[SubjectTokenHeader] = token;
        return Results.Json(view.Token(issued, withCatalog: !http.Request.Query.ContainsKey("nocatalog")), statusCode: 201);
    }

    private static async Task<IResult> ValidateAsync(HttpContext http, TokenService tokens, TokenView view, bool withBody)
    {
        var subject = await SubjectAsync(http, tokens);
        http.Response.Headers[SubjectTokenHeader] = http.Request.Headers[SubjectTokenHeader].ToString();
        return withBody ? Results.Json(view.Token(subject, withCatalog: !http.Request.Query.ContainsKey("nocatalog"))) : Results.Ok();
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, TokenService tokens)
    {
        await SubjectAsync(http, tokens);
        await tokens.RevokeAsync(http.Request.Headers[SubjectTokenHeader].ToString(), http.RequestAborted);
        return Results.NoContent();
    }

    // identity:validate_token / revoke_token: the admin, or the token's own user.
    private static async Task<IssuedToken> SubjectAsync(HttpContext http, TokenService tokens)
    {
        var subject = http.Request.Headers[SubjectTokenHeader].ToString();
        if (subject.Length == 0)
        {
            throw ApiException.BadRequest($"The {SubjectTokenHeader} header is required: it names the token to check.");
        }
        var issued = await tokens.ValidateIssuedAsync(subject, http.RequestAborted) ?? throw ApiException.NotFound("Failed to validate token");
        IdentityPolicy.AdminOrUser(http, "validate_token", issued.User.Id);
        return issued;
    }

    private static async Task<IResult> AuthProjectsAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        var userId = IdentityPolicy.Caller(http).UserId;
        var ids = (await stores.Assignments.ListAsync(new AssignmentFilter(UserId: userId), http.RequestAborted))
            .Where(a => a.ProjectId is not null).Select(a => a.ProjectId!).Distinct();
        var projects = new List<JsonNode>();
        foreach (var id in ids)
        {
            if (await stores.Projects.FindAsync(id, http.RequestAborted) is { Enabled: true } project)
            {
                projects.Add(views.Project(project));
            }
        }
        return Results.Json(views.List("projects", projects, http.Request));
    }

    private static async Task<IResult> AuthDomainsAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        var userId = IdentityPolicy.Caller(http).UserId;
        var ids = (await stores.Assignments.ListAsync(new AssignmentFilter(UserId: userId), http.RequestAborted))
            .Where(a => a.DomainId is not null).Select(a => a.DomainId!).Distinct();
        var domains = new List<JsonNode>();
        foreach (var id in ids)
        {
            if (await stores.Domains.FindAsync(id, http.RequestAborted) is { Enabled: true } domain)
            {
                domains.Add(views.Domain(domain));
            }
        }
        return Results.Json(views.List("domains", domains, http.Request));
    }
}
