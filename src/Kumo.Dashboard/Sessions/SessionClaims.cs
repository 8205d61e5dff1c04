using System.Globalization;
using System.Security.Claims;
using Kumo.Dashboard.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Kumo.Dashboard.Sessions;

/// <summary>The session's token and scope as claims of the (server-side) ticket, and back.</summary>
public static class SessionClaims
{
    private const string TokenType = "kumo:token";
    private const string ProjectIdType = "kumo:project_id";
    private const string ProjectNameType = "kumo:project_name";
    private const string ComputeType = "kumo:compute";
    private const string ImageType = "kumo:image";
    private const string NetworkType = "kumo:network";
    private const string ExpiresType = "kumo:expires";

    public static async Task SignInAsync(HttpContext http, ScopedToken token)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.UserId),
            new(ClaimTypes.Name, token.UserName),
            new(TokenType, token.Token),
            new(ProjectIdType, token.ProjectId),
            new(ProjectNameType, token.ProjectName),
            new(ComputeType, token.ComputeUrl),
            new(ImageType, token.ImageUrl),
            new(ExpiresType, token.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
        };
        if (token.NetworkUrl is not null)
        {
            claims.Add(new Claim(NetworkType, token.NetworkUrl));
        }
        claims.AddRange(token.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SessionStore.Scheme));
        await http.SignInAsync(SessionStore.Scheme, principal, new AuthenticationProperties { ExpiresUtc = token.ExpiresAt, IsPersistent = false });
    }

    /// <summary>The signed-in user's token and scope (only on pages that require a session).</summary>
    public static ScopedToken Session(this ClaimsPrincipal user)
    {
        string Get(string type) => user.FindFirst(type)?.Value ?? throw new InvalidOperationException($"The session has no {type}.");
        return new ScopedToken(Get(TokenType), Get(ClaimTypes.NameIdentifier), Get(ClaimTypes.Name), Get(ProjectIdType), Get(ProjectNameType),
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
            DateTimeOffset.Parse(Get(ExpiresType), CultureInfo.InvariantCulture), Get(ComputeType), Get(ImageType), user.FindFirst(NetworkType)?.Value);
    }

    public static bool IsAdmin(this ScopedToken token) => token.Roles.Contains("admin");
}
