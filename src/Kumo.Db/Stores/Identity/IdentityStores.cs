using Kumo.Db.Database;

namespace Kumo.Db.Stores.Identity;

/// <summary>Keystone's tables over one database (KumoStores.Identity).</summary>
public sealed class IdentityStores(KumoDatabase database, TimeProvider? timeProvider = null)
{
    public IDomainStore Domains { get; } = new SqlDomainStore(database, timeProvider);
    public IProjectStore Projects { get; } = new SqlProjectStore(database, timeProvider);
    public IUserStore Users { get; } = new SqlUserStore(database, timeProvider);
    public IRoleStore Roles { get; } = new SqlRoleStore(database, timeProvider);
    public IRoleAssignmentStore Assignments { get; } = new SqlRoleAssignmentStore(database);
    public ITokenStore Tokens { get; } = new SqlTokenStore(database);
}
