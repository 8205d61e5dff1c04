using Kumo.Objects.Identity;

namespace Kumo.Identity.Tokens;

/// <summary>What a token is scoped to: a project, a domain, or nothing (unscoped).</summary>
public sealed record TokenScope(Project? Project, Domain? Domain)
{
    public static readonly TokenScope Unscoped = new(null, null);

    public static TokenScope ForProject(Project project) => new(project, null);

    public static TokenScope ForDomain(Domain domain) => new(null, domain);
}
