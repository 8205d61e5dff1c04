namespace Kumo.Db.Migrations;

/// <summary>Every migration, in version order.</summary>
public static class MigrationCatalog
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        V0001InitialSchema.Migration,
        V0002Identity.Migration,
        V0003Images.Migration,
        V0004ComputeApi.Migration,
        V0005Placement.Migration,
        V0006ServerAttributes.Migration,
        V0007Network.Migration,
        V0008GuestData.Migration,
        V0010GuestPassword.Migration,
        V0012ComputeNetwork.Migration,
    ];
}
