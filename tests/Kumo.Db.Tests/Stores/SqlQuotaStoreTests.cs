using Dapper;
using Kumo.Db.Stores;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Quotas;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlQuotaStoreTests
{
    private static QuotaAdmission Admit(params Guid[] uuids) => new("p-1", "u-1", uuids, CoresEach: 2, RamEach: 512);

    [Fact]
    public async Task An_admission_counts_while_its_instance_lives_and_stops_when_it_is_destroyed()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = TestInstances.New();
        await db.Stores.Quotas.AdmitAsync(Admit(instance.Uuid) with { ProjectId = instance.ProjectId });
        await db.Stores.Instances.CreateAsync(instance);
        // Long after the in-flight grace: the live instance row is what keeps it counted.
        db.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new QuotaUsage(1, 2, 512), await db.Stores.Quotas.GetUsageAsync(instance.ProjectId));
        Assert.Equal(new QuotaUsage(0, 0, 0), await db.Stores.Quotas.GetUsageAsync("p-2"));

        await db.Stores.Instances.DestroyAsync(instance.Uuid);
        Assert.Equal(new QuotaUsage(0, 0, 0), await db.Stores.Quotas.GetUsageAsync(instance.ProjectId));

        // The next admission prunes the destroyed instance's row.
        await db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid()) with { ProjectId = instance.ProjectId });
        var rows = await db.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quota_usages"));
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task An_admission_whose_instance_never_came_counts_only_for_the_grace_period()
    {
        await using var db = await TestStores.OpenAsync();
        await db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid()));
        Assert.Equal(1, (await db.Stores.Quotas.GetUsageAsync("p-1")).Instances);
        db.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(0, (await db.Stores.Quotas.GetUsageAsync("p-1")).Instances);
    }

    [Fact]
    public async Task A_batch_is_admitted_whole_or_not_at_all()
    {
        await using var db = await TestStores.OpenAsync();
        await db.Stores.Quotas.SetProjectLimitsAsync("p-1", new Dictionary<string, int> { [QuotaResources.Instances] = 3 });
        await db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid()));
        var error = await Assert.ThrowsAsync<QuotaExceededException>(() => db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid())));
        Assert.Equal("Quota exceeded for instances: Requested 3, but already used 1 of 3 instances", error.Message);
        Assert.Equal(1, (await db.Stores.Quotas.GetUsageAsync("p-1")).Instances);
        await db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid(), Guid.NewGuid()));
        Assert.Equal(new QuotaUsage(3, 6, 1536), await db.Stores.Quotas.GetUsageAsync("p-1"));
    }

    [Fact]
    public async Task Admissions_without_limits_are_still_recorded_so_a_limit_set_later_counts_them()
    {
        await using var db = await TestStores.OpenAsync();
        var unlimited = new Dictionary<string, int> { [QuotaResources.Instances] = -1, [QuotaResources.Cores] = -1, [QuotaResources.Ram] = -1 };
        await db.Stores.Quotas.SetProjectLimitsAsync("p-1", unlimited);
        await db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid(), Guid.NewGuid()));
        Assert.Equal(new QuotaUsage(2, 4, 1024), await db.Stores.Quotas.GetUsageAsync("p-1"));

        await db.Stores.Quotas.SetProjectLimitsAsync("p-1", new Dictionary<string, int> { [QuotaResources.Instances] = 2 });
        var error = await Assert.ThrowsAsync<QuotaExceededException>(() => db.Stores.Quotas.AdmitAsync(Admit(Guid.NewGuid())));
        Assert.Contains("already used 2 of 2 instances", error.Message);
        Assert.Equal(2, (await db.Stores.Quotas.GetUsageAsync("p-1")).Instances);
    }

    [Fact]
    public async Task Limits_come_from_the_project_then_the_default_class_then_Novas_defaults()
    {
        await using var db = await TestStores.OpenAsync();
        Assert.Equal(20, (await db.Stores.Quotas.GetProjectLimitsAsync("p-1"))[QuotaResources.Cores]);
        await db.Stores.Quotas.SetClassLimitsAsync(SqlQuotaStore.DefaultClass, new Dictionary<string, int> { [QuotaResources.Cores] = 8 });
        Assert.Equal(8, (await db.Stores.Quotas.GetProjectLimitsAsync("p-1"))[QuotaResources.Cores]);
        await db.Stores.Quotas.SetProjectLimitsAsync("p-1", new Dictionary<string, int> { [QuotaResources.Cores] = -1 });
        Assert.Equal(-1, (await db.Stores.Quotas.GetProjectLimitsAsync("p-1"))[QuotaResources.Cores]);
        Assert.Equal(8, (await db.Stores.Quotas.GetProjectLimitsAsync("p-2"))[QuotaResources.Cores]);
        await db.Stores.Quotas.DeleteProjectLimitsAsync("p-1");
        Assert.Equal(8, (await db.Stores.Quotas.GetProjectLimitsAsync("p-1"))[QuotaResources.Cores]);
    }
}
