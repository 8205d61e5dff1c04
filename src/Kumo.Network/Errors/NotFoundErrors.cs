namespace Kumo.Network.Errors;

public sealed class NetworkNotFoundException(object id) : NeutronException($"Network {id} could not be found.")
{
    public override int Code => 404;
}

public sealed class SubnetNotFoundException(object id) : NeutronException($"Subnet {id} could not be found.")
{
    public override int Code => 404;
}

public sealed class PortNotFoundException(object id) : NeutronException($"Port {id} could not be found.")
{
    public override int Code => 404;
}

public sealed class SecurityGroupNotFoundException(object id) : NeutronException($"Security group {id} does not exist")
{
    public override int Code => 404;
}

public sealed class SecurityGroupRuleNotFoundException(object id) : NeutronException($"Security group rule {id} does not exist")
{
    public override int Code => 404;
}
