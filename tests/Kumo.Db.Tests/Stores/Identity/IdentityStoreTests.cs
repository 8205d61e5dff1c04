using Kumo.Db.Stores.Identity;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Identity;

namespace Kumo.Db.Tests.Stores.Identity;

public sealed class IdentityStoreTests
{
    [Fact]
    public async Task Names_are_unique_per_domain_only()
    {
        await using var db = await TestStores.OpenAsync();
        var identity = db.Stores.Identity;
        await identity.Domains.CreateAsync(new Domain("d1", "One", "", true));
        await identity.Domains.CreateAsync(new Domain("d2", "Two", "", true));
        await identity.Projects.CreateAsync(new Project("p1", "web", "d1", "", true, "d1"));
        await identity.Projects.CreateAsync(new Project("p2", "web", "d2", "", true, "d2"));
        var clash = await Assert.ThrowsAsync<IdentityConflictException>(() => identity.Projects.CreateAsync(new Project("p3", "web", "d1", "", true, "d1")));
        Assert.Equal("Conflict occurred attempting to store project - Duplicate entry found with name web at domain ID d1.", clash.Message);
        Assert.Equal(["p1", "p2"], (await identity.Projects.ListAsync(new IdentityFilter(Name: "web"))).Select(p => p.Id));
        Assert.Null(await identity.Projects.FindAsync("p3"));
    }

    [Fact]
    public async Task Assignments_are_idempotent_and_filtered_by_scope()
    {
        await using var db = await TestStores.OpenAsync();
        var assignments = db.Stores.Identity.Assignments;
        await assignments.GrantAsync(new RoleAssignment("u1", "r1", "p1", null));
        await assignments.GrantAsync(new RoleAssignment("u1", "r1", "p1", null));
        await assignments.GrantAsync(new RoleAssignment("u1", "r2", null, "d1"));
        Assert.Single(await assignments.ListAsync(new AssignmentFilter(UserId: "u1", ProjectId: "p1")));
        Assert.Equal("d1", Assert.Single(await assignments.ListAsync(new AssignmentFilter(DomainId: "d1"))).DomainId);
        Assert.True(await assignments.RevokeAsync(new RoleAssignment("u1", "r1", "p1", null)));
        Assert.False(await assignments.RevokeAsync(new RoleAssignment("u1", "r1", "p1", null)));
        Assert.Single(await assignments.ListAsync(new AssignmentFilter(UserId: "u1")));
    }

    [Fact]
    public async Task Tokens_are_revoked_by_user_or_project_and_expired_ones_purged()
    {
        await using var db = await TestStores.OpenAsync();
        var tokens = db.Stores.Identity.Tokens;
        var now = DateTimeOffset.UtcNow;
        StoredToken Token(string hash, string user, string? project, DateTimeOffset expires) =>
            new(hash, user, project, null, ["r1"], ["password"], "audit-" + hash, now, expires, false);
        await tokens.AddAsync(Token("h1", "u1", "p1", now.AddHours(1)));
        await tokens.AddAsync(Token("h2", "u1", "p2", now.AddHours(1)));
        await tokens.AddAsync(Token("h3", "u2", "p1", now.AddHours(1)));
        await tokens.AddAsync(Token("h4", "u3", null, now.AddMinutes(-1)));

        Assert.Equal(["h1", "h3"], (await tokens.RevokeMatchingAsync(null, "p1")).Order());
        Assert.Equal(["h2"], await tokens.RevokeMatchingAsync("u1", null));
        Assert.True((await tokens.FindAsync("h1"))!.Revoked);
        Assert.Equal(["r1"], (await tokens.FindAsync("h2"))!.RoleIds);
        Assert.Equal(1, await tokens.DeleteExpiredAsync(now));
        Assert.Null(await tokens.FindAsync("h4"));
    }

    [Fact]
    public async Task Deleting_a_role_removes_its_implications()
    {
        await using var db = await TestStores.OpenAsync();
        var roles = db.Stores.Identity.Roles;
        await roles.CreateAsync(new Role("a", "admin", null, ""));
        await roles.CreateAsync(new Role("m", "member", null, ""));
        await roles.AddImpliedAsync(new ImpliedRole("a", "m"));
        await roles.AddImpliedAsync(new ImpliedRole("a", "m"));
        Assert.Single(await roles.ListImpliedAsync());
        Assert.True(await roles.DeleteAsync("m"));
        Assert.Empty(await roles.ListImpliedAsync());
        Assert.Equal(["admin"], (await roles.ListAsync(IdentityFilter.All)).Select(r => r.Name));
    }
}
