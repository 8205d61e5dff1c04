using Kumo.Objects.Images;
using Microsoft.Extensions.Logging;

namespace Kumo.Image;

public sealed partial class FileImageService
{
    /// <summary>
    /// Run once when the image service starts, before it takes requests: an upload that was in flight
    /// when the process died left its image saving and a temporary file. Such an image goes back to
    /// queued (so the client can upload again) with no size or checksums, and every temporary file goes.
    /// </summary>
    /// <returns>The images reset.</returns>
    public async Task<IReadOnlyList<Guid>> RecoverInterruptedUploadsAsync(CancellationToken cancellationToken = default)
    {
        var reset = new List<Guid>();
        foreach (var image in await _store.ListAsync(cancellationToken))
        {
            if (image.Status != ImageStatus.Saving)
            {
                continue;
            }
            File.Delete(DataPath(image.Id));
            await _store.UpdateAsync(image with
            {
                Status = ImageStatus.Queued,
                Size = null,
                Checksum = null,
                OsHashAlgo = null,
                OsHashValue = null,
                UpdatedAt = _timeProvider.GetUtcNow(),
            }, cancellationToken);
            LogRecovered(image.Id);
            reset.Add(image.Id);
        }
        if (Directory.Exists(_imagesPath))
        {
            foreach (var partial in Directory.EnumerateFiles(_imagesPath, "*.upload"))
            {
                File.Delete(partial);
            }
        }
        return reset;
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Image {ImageId} was saving when the service stopped: back to queued, partial data removed")]
    private partial void LogRecovered(Guid imageId);
}
