namespace Kumo.Virt;

/// <summary>
/// One thing a driver made on the host (a domain, an instance directory, a cached image ...), named
/// after its owner so that an operator, or a test, can tell what belongs to what and what leaked.
/// </summary>
/// <param name="Kind">What it is: "domain", "instance-dir", "cached-image", "guest".</param>
/// <param name="Name">How the host knows it (domain name, path).</param>
/// <param name="InstanceUuid">The instance it belongs to, when it belongs to one.</param>
public sealed record HostResource(string Kind, string Name, Guid? InstanceUuid);
