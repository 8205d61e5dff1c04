namespace Kumo.OsVif.Probing;

/// <summary>
/// A Neutron port to plug as a probe: its id, MAC and addresses in CIDR notation (e.g. 10.0.0.5/24, from the
/// port's fixed IPs and their subnets' prefixes) and its network's MTU.
/// </summary>
public sealed record ProbePort(Guid PortId, string MacAddress, IReadOnlyList<string> Addresses, int Mtu);
