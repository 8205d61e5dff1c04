namespace Kumo.OsVif.Linux;

/// <summary>One network device as `ip -details link show` reports it.</summary>
/// <param name="Kind">bridge, veth, tun, openvswitch ... or empty for a plain device.</param>
/// <param name="Master">The bridge it is enslaved to (a Linux bridge or ovs-system), if any.</param>
public sealed record LinkInfo(string Name, string Kind, string? Master, int Mtu, string? MacAddress, bool Up);
