namespace Kumo.Network.Errors;

public sealed class NetworkNotFoundException(object id) : NeutronNotFoundException($"Network {id} could not be found.");

public sealed class SubnetNotFoundException(object id) : NeutronNotFoundException($"Subnet {id} could not be found.");

public sealed class PortNotFoundException(object id) : NeutronNotFoundException($"Port {id} could not be found.");

public sealed class SecurityGroupNotFoundException(object id) : NeutronNotFoundException($"Security group {id} does not exist");

public sealed class SecurityGroupRuleNotFoundException(object id) : NeutronNotFoundException($"Security group rule {id} does not exist");
