namespace Kumo.Network.Errors;

public sealed class NetworkNotFoundException(Guid id) : NeutronException($"Network {id} could not be found.")
{
    public override int Code => 404;
}

public sealed class SubnetNotFoundException(Guid id) : NeutronException($"Subnet {id} could not be found.")
{
    public override int Code => 404;
}

public sealed class PortNotFoundException(Guid id) : NeutronException($"Port {id} could not be found.")
{
    public override int Code => 404;
}

public sealed class SecurityGroupNotFoundException(string id) : NeutronException($"Security group {id} does not exist")
{
    public override int Code => 404;
}

public sealed class SecurityGroupRuleNotFoundException(Guid id) : NeutronException($"Security group rule {id} does not exist")
{
    public override int Code => 404;
}
