using Kumo.Objects.Errors;

namespace Kumo.Db.Stores;

/// <summary>Nova's FlavorAccessExists.</summary>
public sealed class FlavorAccessExistsException(string flavorId, string projectId)
    : KumoException($"Flavor access already exists for flavor {flavorId} and project {projectId} combination.")
{
    public override int Code => 409;
}

/// <summary>Nova's FlavorAccessNotFound.</summary>
public sealed class FlavorAccessNotFoundException(string flavorId, string projectId)
    : KumoException($"Flavor access not found for {flavorId} / {projectId} combination.")
{
    public override int Code => 404;
}
