using Kumo.Db.Tests.Support;
using Kumo.Objects.Services;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlServiceStoreTests
{
    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task The_first_report_registers_the_service_and_later_ones_are_heartbeats(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var services = db.Stores.Services;
        var first = await services.ReportAsync("compute-1", ServiceBinaries.Compute, "compute", "nova");
        db.Time.Advance(TimeSpan.FromSeconds(10));

        var second = await services.ReportAsync("compute-1", ServiceBinaries.Compute, "compute", "nova");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal((1L, 2L), (first.ReportCount, second.ReportCount));
        Assert.Equal(ManualTimeProvider.Start, second.CreatedAt);
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(10), second.UpdatedAt);
        Assert.False(second.Disabled || second.ForcedDown);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Disabled_and_forced_down_are_the_operator_s_and_survive_heartbeats(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var services = db.Stores.Services;
        var compute = await services.ReportAsync("compute-1", ServiceBinaries.Compute, "compute", "nova");
        await services.ReportAsync("controller", ServiceBinaries.Scheduler, "scheduler", "internal");

        var disabled = await services.SetDisabledAsync(compute.Id, true, "maintenance");
        await services.SetForcedDownAsync(compute.Id, true);
        db.Time.Advance();
        await services.ReportAsync("compute-1", ServiceBinaries.Compute, "compute", "nova");

        var now = await services.TryGetAsync("compute-1", ServiceBinaries.Compute);
        Assert.Equal((true, "maintenance", true), (now!.Disabled, now.DisabledReason, now.ForcedDown));
        Assert.Equal(compute.UpdatedAt, disabled!.UpdatedAt); // the switch is not a heartbeat
        Assert.False(now.IsUp(db.Time.GetUtcNow(), TimeSpan.FromSeconds(60)));
        Assert.Equal([ServiceBinaries.Compute], (await services.ListAsync(ServiceBinaries.Compute)).Select(s => s.Binary));

        var enabled = await services.SetDisabledAsync(compute.Id, false, "ignored when enabling");
        Assert.Equal((false, null), (enabled!.Disabled, enabled.DisabledReason));
        Assert.Null(await services.SetDisabledAsync(999, true, null));
        Assert.True(await services.DeleteAsync(compute.Id));
        Assert.False(await services.DeleteAsync(compute.Id));
        Assert.Single(await services.ListAsync());
    }

    [Fact]
    public void A_service_is_up_until_service_down_time_has_passed_since_its_heartbeat()
    {
        var heard = ManualTimeProvider.Start;
        var record = new ServiceRecord(1, "h", ServiceBinaries.Compute, "compute", "nova", false, null, false, 1, heard, heard);
        Assert.True(record.IsUp(heard.AddSeconds(60), TimeSpan.FromSeconds(60)));
        Assert.False(record.IsUp(heard.AddSeconds(61), TimeSpan.FromSeconds(60)));
        Assert.False((record with { ForcedDown = true }).IsUp(heard, TimeSpan.FromSeconds(60)));
    }
}
