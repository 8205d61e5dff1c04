namespace Kumo.Db.Stores.Identity;

/// <summary>Keystone's list filters (?name=, ?domain_id=, ?enabled=); null means "any".</summary>
public sealed record IdentityFilter(string? Name = null, string? DomainId = null, bool? Enabled = null)
{
    public static readonly IdentityFilter All = new();
}
