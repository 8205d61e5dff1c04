using Kumo.Objects.Flavors;

namespace Kumo.Objects.Scheduling;

/// <summary>
/// What the scheduler needs to place instances (Nova's RequestSpec): the flavor, the image's
/// properties (for ImagePropertiesFilter), the requested availability zone, and who asks.
/// </summary>
public sealed record RequestSpec(
    string ProjectId,
    Flavor Flavor,
    IReadOnlyDictionary<string, string> ImageProperties,
    string? AvailabilityZone = null)
{
    /// <summary>Hosts a build of this instance already failed on (Nova's retry.hosts); RetryFilter removes them.</summary>
    public IReadOnlyList<string> IgnoreHosts { get; init; } = [];
}
