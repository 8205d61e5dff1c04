using Kumo.Db.Stores;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Errors;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlFlavorStoreTests
{
    [Fact]
    public async Task Create_get_and_list_round_trip_every_field()
    {
        await using var db = await TestStores.OpenAsync();
        var big = TestInstances.Flavor("2", "m1.big");
        var small = TestInstances.Flavor("1", "m1.small") with { IsPublic = true, ExtraSpecs = new Dictionary<string, string>() };

        await db.Stores.Flavors.CreateAsync(big);
        await db.Stores.Flavors.CreateAsync(small);

        InstanceAssert.FlavorEqual(big, await db.Stores.Flavors.GetAsync("2"));
        var listed = await db.Stores.Flavors.ListAsync();
        Assert.Equal(["1", "2"], listed.Select(f => f.Id));
        InstanceAssert.FlavorEqual(small, listed[0]);
    }

    [Fact]
    public async Task A_duplicate_id_is_rejected_with_a_clear_message()
    {
        await using var db = await TestStores.OpenAsync();
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("1", "m1.small"));

        var error = await Assert.ThrowsAsync<FlavorExistsException>(
            () => db.Stores.Flavors.CreateAsync(TestInstances.Flavor("1", "m1.other")));

        Assert.Equal("Flavor with ID 1 already exists.", error.Message);
        Assert.Equal("m1.small", (await db.Stores.Flavors.GetAsync("1")).Name);
    }

    [Fact]
    public async Task A_duplicate_name_is_rejected_with_a_clear_message()
    {
        await using var db = await TestStores.OpenAsync();
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("1", "m1.small"));

        var error = await Assert.ThrowsAsync<FlavorExistsException>(
            () => db.Stores.Flavors.CreateAsync(TestInstances.Flavor("2", "m1.small")));

        Assert.Equal("Flavor with name m1.small already exists.", error.Message);
        await Assert.ThrowsAsync<FlavorNotFoundException>(() => db.Stores.Flavors.GetAsync("2"));
    }

    [Fact]
    public async Task A_deleted_flavor_is_gone_and_its_id_and_name_can_be_reused()
    {
        await using var db = await TestStores.OpenAsync();
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("1", "m1.small"));

        await db.Stores.Flavors.DeleteAsync("1");

        await Assert.ThrowsAsync<FlavorNotFoundException>(() => db.Stores.Flavors.GetAsync("1"));
        Assert.Empty(await db.Stores.Flavors.ListAsync());
        await Assert.ThrowsAsync<FlavorNotFoundException>(() => db.Stores.Flavors.DeleteAsync("1"));
        var again = TestInstances.Flavor("1", "m1.small") with { Vcpus = 16 };
        await db.Stores.Flavors.CreateAsync(again);
        InstanceAssert.FlavorEqual(again, await db.Stores.Flavors.GetAsync("1"));
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("7", "m1.tiny"));
        await db.Stores.Flavors.DeleteAsync("7");
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("8", "m1.tiny"));
    }

    [Fact]
    public async Task Reviving_a_deleted_id_still_checks_the_name()
    {
        await using var db = await TestStores.OpenAsync();
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("1", "m1.small"));
        await db.Stores.Flavors.DeleteAsync("1");
        await db.Stores.Flavors.CreateAsync(TestInstances.Flavor("2", "m1.taken"));

        var error = await Assert.ThrowsAsync<FlavorExistsException>(
            () => db.Stores.Flavors.CreateAsync(TestInstances.Flavor("1", "m1.taken")));

        Assert.Equal("Flavor with name m1.taken already exists.", error.Message);
        await Assert.ThrowsAsync<FlavorNotFoundException>(() => db.Stores.Flavors.GetAsync("1"));
    }

    [Fact]
    public async Task Get_of_an_unknown_flavor_throws_not_found()
    {
        await using var db = await TestStores.OpenAsync();

        var error = await Assert.ThrowsAsync<FlavorNotFoundException>(() => db.Stores.Flavors.GetAsync("nope"));
        Assert.Equal(404, error.Code);
    }
}
