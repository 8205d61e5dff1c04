using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Identity;

namespace Kumo.Db.Stores.Identity;

public sealed class SqlGroupStore(KumoDatabase database, TimeProvider? timeProvider = null) : IGroupStore
{
    private const string Columns = "g.id AS Id, g.name AS Name, g.domain_id AS DomainId, g.description AS Description";

    private readonly IdentitySql _sql = new(database);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task CreateAsync(Group group, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("INSERT INTO identity_groups (id, name, domain_id, description, created_at) VALUES (@Id, @Name, @DomainId, @Description, @CreatedAt)",
            new { group.Id, group.Name, group.DomainId, group.Description, CreatedAt = DbValues.Time(_time.GetUtcNow()) },
            "group", Duplicate(group), cancellationToken);

    public async Task<Group?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await _sql.SingleOrDefaultAsync<GroupRow>($"SELECT {Columns} FROM identity_groups g WHERE g.id = @Id", new { Id = id }, cancellationToken)
            .ConfigureAwait(false))?.ToGroup();

    public async Task<IReadOnlyList<Group>> ListAsync(IdentityFilter filter, CancellationToken cancellationToken = default)
    {
        var where = IdentitySql.Where(("g.name", "Name", filter.Name), ("g.domain_id", "DomainId", filter.DomainId));
        var rows = await _sql.QueryAsync<GroupRow>($"SELECT {Columns} FROM identity_groups g {where} ORDER BY g.name, g.id",
            new { filter.Name, filter.DomainId }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToGroup()).ToList();
    }

    public Task UpdateAsync(Group group, CancellationToken cancellationToken = default) =>
        _sql.ExecuteUniqueAsync("UPDATE identity_groups SET name = @Name, description = @Description WHERE id = @Id",
            new { group.Id, group.Name, group.Description }, "group", Duplicate(group), cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM identity_group_members WHERE group_id = @Id", new { Id = id }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM identity_groups WHERE id = @Id", new { Id = id }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted > 0;
        }, cancellationToken);

    public Task AddMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default) =>
        _sql.ExecuteAsync("""
            INSERT INTO identity_group_members (group_id, user_id) VALUES (@GroupId, @UserId)
            ON CONFLICT (group_id, user_id) DO NOTHING
            """, new { GroupId = groupId, UserId = userId }, cancellationToken);

    public async Task<bool> RemoveMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default) =>
        await _sql.ExecuteAsync("DELETE FROM identity_group_members WHERE group_id = @GroupId AND user_id = @UserId",
            new { GroupId = groupId, UserId = userId }, cancellationToken).ConfigureAwait(false) > 0;

    public Task<IReadOnlyList<string>> ListMembersAsync(string groupId, CancellationToken cancellationToken = default) =>
        _sql.QueryAsync<string>("SELECT user_id FROM identity_group_members WHERE group_id = @GroupId ORDER BY user_id", new { GroupId = groupId }, cancellationToken);

    public async Task<IReadOnlyList<Group>> ListOfUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await _sql.QueryAsync<GroupRow>($"""
            SELECT {Columns} FROM identity_groups g JOIN identity_group_members m ON m.group_id = g.id
            WHERE m.user_id = @UserId ORDER BY g.name, g.id
            """, new { UserId = userId }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToGroup()).ToList();
    }

    public Task RemoveUserAsync(string userId, CancellationToken cancellationToken = default) =>
        _sql.ExecuteAsync("DELETE FROM identity_group_members WHERE user_id = @UserId", new { UserId = userId }, cancellationToken);

    private static string Duplicate(Group group) => $"Duplicate entry found with name {group.Name} at domain ID {group.DomainId}.";

    private sealed class GroupRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string DomainId { get; set; } = "";
        public string Description { get; set; } = "";

        public Group ToGroup() => new(Id, Name, DomainId, Description);
    }
}
