using Kumo.Db.Tests.Support;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlImageStoreTests
{
    private static ImageMeta NewImage(string name = "cirros") => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        Status = ImageStatus.Queued,
        DiskFormat = "qcow2",
        ContainerFormat = "bare",
        MinDiskGb = 1,
        MinRamMb = 64,
        Owner = "p-demo",
        Visibility = ImageVisibility.Private,
        Protected = true,
        OsHidden = true,
        Tags = ["x86", "tiny"],
        Properties = new Dictionary<string, string> { ["kernel_id"] = Guid.NewGuid().ToString(), ["os_command_line"] = "console=ttyS0" },
    };

    [Fact]
    public async Task Create_then_get_round_trips_and_defaults_the_timestamps()
    {
        await using var db = await TestStores.OpenAsync();
        var image = NewImage();

        await db.Stores.Images.CreateAsync(image);

        var stored = await db.Stores.Images.TryGetAsync(image.Id);
        Assert.NotNull(stored);
        Assert.Equal(image with { CreatedAt = ManualTimeProvider.Start, UpdatedAt = ManualTimeProvider.Start, Properties = stored.Properties, Tags = stored.Tags }, stored);
        Assert.Equal(image.Tags, stored.Tags);
        Assert.Equal(image.Properties.OrderBy(p => p.Key), stored.Properties.OrderBy(p => p.Key));
        Assert.Equal(image.KernelId, stored.KernelId);
    }

    [Fact]
    public async Task Update_replaces_the_mutable_fields()
    {
        await using var db = await TestStores.OpenAsync();
        var image = NewImage();
        await db.Stores.Images.CreateAsync(image);
        var uploaded = db.Time.Advance();

        var active = image with
        {
            Status = ImageStatus.Active,
            Size = 5L * 1024 * 1024 * 1024, // beyond Int32: size is BIGINT
            Checksum = "d41d8cd98f00b204e9800998ecf8427e",
            UpdatedAt = uploaded,
            Properties = new Dictionary<string, string> { ["hw_disk_bus"] = "virtio" },
        };
        await db.Stores.Images.UpdateAsync(active);

        var stored = await db.Stores.Images.TryGetAsync(image.Id);
        Assert.NotNull(stored);
        Assert.Equal(ImageStatus.Active, stored.Status);
        Assert.Equal(active.Size, stored.Size);
        Assert.Equal(active.Checksum, stored.Checksum);
        Assert.Equal(uploaded, stored.UpdatedAt);
        Assert.Equal(ManualTimeProvider.Start, stored.CreatedAt);
        Assert.Equal(["hw_disk_bus"], stored.Properties.Keys);
    }

    [Fact]
    public async Task List_skips_deleted_images_and_delete_hides_the_record()
    {
        await using var db = await TestStores.OpenAsync();
        var kept = NewImage("kept");
        var dropped = NewImage("dropped");
        await db.Stores.Images.CreateAsync(kept);
        db.Time.Advance();
        await db.Stores.Images.CreateAsync(dropped);

        await db.Stores.Images.DeleteAsync(dropped.Id);

        Assert.Equal([kept.Id], (await db.Stores.Images.ListAsync()).Select(i => i.Id));
        Assert.Null(await db.Stores.Images.TryGetAsync(dropped.Id));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => db.Stores.Images.UpdateAsync(dropped));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => db.Stores.Images.DeleteAsync(dropped.Id));
    }

    [Fact]
    public async Task Unknown_images_are_null_and_duplicates_rejected()
    {
        await using var db = await TestStores.OpenAsync();
        var image = NewImage();
        await db.Stores.Images.CreateAsync(image);

        Assert.Null(await db.Stores.Images.TryGetAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<InvalidRequestException>(() => db.Stores.Images.CreateAsync(image));
    }

    [Fact]
    public async Task Metadata_update_never_rewrites_what_the_upload_records()
    {
        await using var db = await TestStores.OpenAsync();
        var image = NewImage();
        await db.Stores.Images.CreateAsync(image);
        var active = image with { Status = ImageStatus.Active, Size = 3, Checksum = "c", OsHashAlgo = "sha512", OsHashValue = "h", VirtualSize = 9 };
        await db.Stores.Images.UpdateAsync(active);

        // A PATCH that read the image while it was still queued.
        await db.Stores.Images.UpdateMetadataAsync(image with { Name = "renamed", Tags = ["a"], Visibility = ImageVisibility.Community });

        var stored = await db.Stores.Images.TryGetAsync(image.Id);
        Assert.NotNull(stored);
        Assert.Equal(("renamed", ImageVisibility.Community, "a"), (stored.Name, stored.Visibility, stored.Tags.Single()));
        Assert.Equal((ImageStatus.Active, 3L, "c", "sha512", "h", 9L), (stored.Status, stored.Size, stored.Checksum, stored.OsHashAlgo, stored.OsHashValue, stored.VirtualSize));
    }

    [Fact]
    public async Task Members_are_created_once_updated_listed_by_image_and_by_project_and_deleted()
    {
        await using var db = await TestStores.OpenAsync();
        var images = db.Stores.Images;
        var image = NewImage();
        await images.CreateAsync(image);
        var member = new ImageMember(image.Id, "p-b", ImageMemberStatus.Pending, ManualTimeProvider.Start, ManualTimeProvider.Start);

        Assert.True(await images.TryCreateMemberAsync(member));
        Assert.False(await images.TryCreateMemberAsync(member));
        Assert.True(await images.UpdateMemberAsync(member with { Status = ImageMemberStatus.Accepted }));

        Assert.Equal(ImageMemberStatus.Accepted, (await images.TryGetMemberAsync(image.Id, "p-b"))!.Status);
        Assert.Equal(["p-b"], (await images.ListMembersAsync(image.Id)).Select(m => m.MemberId));
        Assert.Equal([image.Id], (await images.ListMembershipsAsync("p-b")).Keys);
        Assert.Empty(await images.ListMembershipsAsync("p-c"));
        Assert.True(await images.DeleteMemberAsync(image.Id, "p-b"));
        Assert.False(await images.DeleteMemberAsync(image.Id, "p-b"));
        Assert.False(await images.UpdateMemberAsync(member));
        Assert.Null(await images.TryGetMemberAsync(image.Id, "p-b"));
    }
}
