using Kumo.Db.Stores;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;

namespace Kumo.Deployment.AllInOne;

/// <summary>The flavors a new deployment starts with (Nova's classic m1 set, plus a nano for tests).</summary>
public static class DefaultFlavors
{
    public static readonly IReadOnlyList<Flavor> All =
    [
        new() { Id = "0", Name = "m1.nano", Vcpus = 1, MemoryMb = 128, RootGb = 1 },
        new() { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
        new() { Id = "2", Name = "m1.small", Vcpus = 1, MemoryMb = 2048, RootGb = 20 },
        new() { Id = "3", Name = "m1.medium", Vcpus = 2, MemoryMb = 4096, RootGb = 40 },
    ];

    public static async Task EnsureAsync(IFlavorStore flavors, CancellationToken cancellationToken = default)
    {
        var existing = (await flavors.ListAsync(cancellationToken)).Select(f => f.Id).ToHashSet();
        foreach (var flavor in All.Where(f => !existing.Contains(f.Id)))
        {
            try
            {
                await flavors.CreateAsync(flavor, cancellationToken);
            }
            catch (KumoException)
            {
                // Another process created it meanwhile, or an operator took the name: theirs stands.
            }
        }
    }
}
