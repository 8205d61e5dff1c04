using Kumo.Objects.Errors;

namespace Kumo.Db.Stores;

/// <summary>Nova's FlavorExists / FlavorIdExists (409): the name or the id is taken by a live flavor.</summary>
public sealed class FlavorExistsException(string message) : KumoException(message)
{
    public override int Code => 409;
}
