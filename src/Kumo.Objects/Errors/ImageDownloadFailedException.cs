namespace Kumo.Objects.Errors;

/// <summary>
/// Reading the image from the image service failed part way. Every host reads the same image store,
/// so the build is not rescheduled (a host whose own disk failed the write is: that error is not this one).
/// </summary>
public sealed class ImageDownloadFailedException(Guid imageId, long bytesRead, Exception cause)
    : KumoException($"Download of image {imageId} failed after {bytesRead} bytes: {cause.Message}", cause)
{
    public Guid ImageId { get; } = imageId;

    public override int Code => 500;
}
