using Kumo.Objects.Instances;
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
    string? AdminPassword = null)
{
    public string? Description { get; init; }

    /// <summary>Base64, as the client sent it.</summary>
    public string? UserData { get; init; }

    /// <summary>The public key of <see cref="KeyName"/>, looked up for the caller (Nova's key_data).</summary>
    public string? KeyData { get; init; }

    /// <summary>Personality: files for the config drive (within the injected_files quotas, checked on create).</summary>
    public IReadOnlyList<InjectedFile> InjectedFiles { get; init; } = [];

    /// <summary>The user asked for a config drive.</summary>
    public bool ConfigDrive { get; init; }

    /// <summary>The zone asked for (already checked to exist), or null for the default.</summary>
    public string? AvailabilityZone { get; init; }

    public string? AccessIpV4 { get; init; }

    public string? AccessIpV6 { get; init; }

    /// <summary>Shared by the servers of one multiple create (Nova's reservation_id); null makes a new one.</summary>
    public string? ReservationId { get; init; }

    /// <summary>This server's index within a multiple create.</summary>
    public int LaunchIndex { get; init; }
}
