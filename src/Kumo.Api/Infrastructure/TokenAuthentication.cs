using Kumo.Identity;
using Kumo.Objects.Context;

namespace Kumo.Api.Infrastructure;

/// <summary>
/// keystonemiddleware's auth_token as an endpoint filter: a route group that requires a token gets the
/// caller's <see cref="RequestContext"/> (request id, user, project, roles) or a 401 with the
/// WWW-Authenticate header that tells the client where to authenticate.
/// </summary>
public sealed class TokenAuthentication(ITokenValidator tokens, ApiOptions options) : IEndpointFilter
{
    public const string Header = "X-Auth-Token";
    private const string ItemKey = "kumo.context";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var token = http.Request.Headers[Header].ToString();
        var validated = token.Length == 0 ? null : await tokens.ValidateAsync(token, http.RequestAborted);
        if (validated is null)
        {
            throw new ApiException(401, "The request you have made requires authentication.")
            {
                Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = $"Keystone uri=\"{options.EffectivePublicUrl.TrimEnd('/')}{ApiPaths.Identity}\"" },
            };
        }
        http.Items[ItemKey] = new RequestContext(RequestIds.Get(http), validated.UserId, validated.ProjectId ?? "", validated.IsAdmin)
        {
            Roles = validated.Roles,
            UserName = validated.UserName,
            ProjectName = validated.ProjectName,
        };
        http.Items[typeof(ValidatedToken)] = validated;
        return await next(invocation);
    }

    /// <summary>The caller's context; only inside a group that requires a token.</summary>
    public static RequestContext ContextOf(HttpContext http) =>
        http.Items[ItemKey] as RequestContext ?? throw new InvalidOperationException("This endpoint is not behind TokenAuthentication.");

    public static ValidatedToken TokenOf(HttpContext http) =>
        http.Items[typeof(ValidatedToken)] as ValidatedToken ?? throw new InvalidOperationException("This endpoint is not behind TokenAuthentication.");
}

public static class TokenAuthenticationExtensions
{
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, TokenAuthentication>();

    /// <summary>The caller's request context (request id, user, project, roles).</summary>
    public static RequestContext KumoContext(this HttpContext http) => TokenAuthentication.ContextOf(http);
}
