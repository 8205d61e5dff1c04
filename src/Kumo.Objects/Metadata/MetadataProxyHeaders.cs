using System.Security.Cryptography;
using System.Text;

namespace Kumo.Objects.Metadata;

/// <summary>
/// What Neutron's metadata proxy adds to a guest's request and Nova's metadata handler trusts: the
/// instance and project the proxy found from the port, and the instance id signed with the secret
/// both sides share (Nova's [neutron] metadata_proxy_shared_secret: hex HMAC-SHA256).
/// </summary>
public static class MetadataProxyHeaders
{
    public const string InstanceId = "X-Instance-ID";
    public const string TenantId = "X-Tenant-ID";
    public const string Signature = "X-Instance-ID-Signature";
    public const string ForwardedFor = "X-Forwarded-For";
    public const string NetworkId = "X-Neutron-Network-ID";

    public static string Sign(string secret, string instanceId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(instanceId)));

    /// <summary>Constant-time comparison, so the time taken tells nothing about how much of a forged signature was right.</summary>
    public static bool Verify(string secret, string instanceId, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, instanceId)), Encoding.ASCII.GetBytes(signature));
}
