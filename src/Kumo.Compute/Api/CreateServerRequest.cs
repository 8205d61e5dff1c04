using Kumo.Objects.Network;

namespace Kumo.Compute.Api;

/// <summary>A validated-shape request to create one server (what POST /servers carries).</summary>
public sealed record CreateServerRequest(
    string Name,
    string FlavorId,
    Guid ImageId,
    IReadOnlyList<RequestedNetwork> Networks,
    IReadOnlyDictionary<string, string>? Metadata = null,
    string? KeyName = null,
    string? AdminPassword = null,
    string? AvailabilityZone = null);
