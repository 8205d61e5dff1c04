namespace Kumo.Objects.Flavors;

/// <summary>A flavor: the size of a server. A copy is embedded in each instance, as Nova does, so
/// later edits of the flavor never change what a running instance claimed.</summary>
public sealed record Flavor
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required int Vcpus { get; init; }
    public required int MemoryMb { get; init; }
    public int RootGb { get; init; }
    public int EphemeralGb { get; init; }
    public int SwapMb { get; init; }
    public bool IsPublic { get; init; } = true;
    public IReadOnlyDictionary<string, string> ExtraSpecs { get; init; } = new Dictionary<string, string>();

    /// <summary>Nova's rxtx_factor (a network bandwidth weight, shown to clients; nothing enforces it).</summary>
    public double RxtxFactor { get; init; } = 1.0;

    /// <summary>Free text (microversion 2.55).</summary>
    public string? Description { get; init; }
}
