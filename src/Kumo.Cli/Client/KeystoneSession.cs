using System.Text.Json.Nodes;

namespace Kumo.Cli.Client;

/// <summary>A project-scoped token from POST /v3/auth/tokens (password method) and the catalog that came with it.</summary>
public sealed class KeystoneSession
{
    private KeystoneSession(ApiHttp http, ServiceCatalog catalog, string projectId)
    {
        Http = http;
        Catalog = catalog;
        ProjectId = projectId;
    }

    public ApiHttp Http { get; }

    public ServiceCatalog Catalog { get; }

    public string ProjectId { get; }

    public static async Task<KeystoneSession> LoginAsync(ApiHttp http, CloudCredentials credentials, CancellationToken cancellationToken)
    {
        var user = new JsonObject
        {
            ["name"] = credentials.Username,
            ["domain"] = new JsonObject { ["name"] = credentials.UserDomainName },
            ["password"] = credentials.Password,
        };
        JsonObject project = credentials.ProjectId is { } id
            ? new JsonObject { ["id"] = id }
            : new JsonObject { ["name"] = credentials.ProjectName, ["domain"] = new JsonObject { ["name"] = credentials.ProjectDomainName } };
        var request = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["methods"] = new JsonArray("password"), ["password"] = new JsonObject { ["user"] = user } },
                ["scope"] = new JsonObject { ["project"] = project },
            },
        };
        var (body, response) = await http.SendAsync(HttpMethod.Post, new Uri(credentials.IdentityV3, "auth/tokens"), request, cancellationToken: cancellationToken);
        http.Token = response.Headers.TryGetValues("X-Subject-Token", out var tokens) ? tokens.First()
            : throw new CliException("Keystone answered without an X-Subject-Token header.");
        var token = body?["token"] as JsonObject ?? throw new CliException("Keystone answered without a token body.");
        var catalog = token["catalog"] as JsonArray ?? [];
        var projectId = (string?)token["project"]?["id"] ?? "";
        return new KeystoneSession(http, new ServiceCatalog(catalog, credentials.Interface, credentials.RegionName), projectId);
    }
}
