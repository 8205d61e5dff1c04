using Kumo.Objects.Errors;

namespace Kumo.Image;

/// <summary>The operation needs another image status (Glance's InvalidImageStatusTransition, 409).</summary>
public sealed class InvalidImageStatusTransitionException(Guid imageId, string operation, string status)
    : KumoException($"Image {imageId} is {status}: cannot {operation} it.")
{
    public Guid ImageId { get; } = imageId;
    public override int Code => 409;
}

/// <summary>An image with this id exists already (Glance's Duplicate, 409).</summary>
public sealed class DuplicateImageException(Guid imageId)
    : KumoException($"An image with identifier {imageId} already exists.")
{
    public Guid ImageId { get; } = imageId;
    public override int Code => 409;
}
