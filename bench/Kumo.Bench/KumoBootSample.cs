namespace Kumo.Bench;

/// <summary>
/// One measured Kumo boot; every time is in seconds from the moment just before
/// ComputeApi.CreateAsync was called.
/// </summary>
/// <param name="Active">ACTIVE first seen by polling the instance store (every ~2 ms).</param>
/// <param name="Marker">The guest's console marker first seen in console.log (polled every ~5 ms).</param>
/// <param name="ApiReturned">CreateAsync returned (validated, recorded, scheduled, cast).</param>
/// <param name="SpawnStart">The driver's spawn began (its first image-cache lookup, logged).</param>
/// <param name="RootDiskCreated">The qcow2 overlay was made (logged by DiskBuilder).</param>
/// <param name="QemuImg">Wall time of the qemu-img runs during the spawn (summed).</param>
/// <param name="LaunchedAt">The instance's launched_at: set just before the ACTIVE save.</param>
/// <param name="CreateStart">The compute.instance.create.start notification's timestamp.</param>
/// <param name="CreateEnd">The compute.instance.create.end notification's timestamp.</param>
internal sealed record KumoBootSample(
    double Active,
    double Marker,
    double ApiReturned,
    double SpawnStart,
    double RootDiskCreated,
    double QemuImg,
    double LaunchedAt,
    double CreateStart,
    double CreateEnd);
