using Kumo.Db.Stores;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Microsoft.Extensions.Logging;

namespace Kumo.Image;

/// <summary>
/// The image service on a local folder, as Glance's filesystem store: records in <see cref="IImageStore"/>,
/// data in <c>&lt;images_path&gt;/&lt;image id&gt;</c>. An upload is written to a temporary file in the
/// same folder and renamed into place, so a reader never sees half an image and a crash leaves only a
/// stray temporary file, never a short image under the final name.
/// </summary>
public sealed partial class FileImageService : IImageService
{
    private readonly IImageStore _store;
    private readonly string _imagesPath;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FileImageService> _logger;

    // The store has no compare-and-set, so two uploads racing for one queued image are stopped here.
    private readonly HashSet<Guid> _uploading = [];

    public FileImageService(IImageStore store, string imagesPath, TimeProvider timeProvider, ILogger<FileImageService> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagesPath);
        _store = store;
        _imagesPath = Path.GetFullPath(imagesPath);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Where an image's data lives (exposed for tests and diagnostics).</summary>
    public string DataPath(Guid imageId) => Path.Combine(_imagesPath, imageId.ToString());

    public async Task<ImageMeta> GetAsync(Guid imageId, CancellationToken cancellationToken = default) =>
        await _store.TryGetAsync(imageId, cancellationToken) ?? throw new ImageNotFoundException(imageId.ToString());

    public Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default) =>
        _store.ListAsync(cancellationToken);

    public async Task<ImageMeta> CreateAsync(ImageMeta image, CancellationToken cancellationToken = default)
    {
        ImageFormats.Validate(image);
        // Glance assigns the id when the client sends none.
        var id = image.Id == Guid.Empty ? Guid.NewGuid() : image.Id;
        if (await _store.TryGetAsync(id, cancellationToken) is not null)
        {
            throw new DuplicateImageException(id);
        }
        var now = _timeProvider.GetUtcNow();
        var record = image with
        {
            Id = id, Status = ImageStatus.Queued, Size = null, VirtualSize = null, Checksum = null, OsHashAlgo = null, OsHashValue = null,
            CreatedAt = now, UpdatedAt = now,
        };
        await _store.CreateAsync(record, cancellationToken);
        LogCreated(id, record.Name, record.DiskFormat);
        return record;
    }

    public Task<ImageMeta> UploadAsync(Guid imageId, Stream data, CancellationToken cancellationToken = default) =>
        UploadAsync(imageId, data, long.MaxValue, cancellationToken);

    public async Task<ImageMeta> UploadAsync(Guid imageId, Stream data, long sizeCap, CancellationToken cancellationToken)
    {
        lock (_uploading)
        {
            if (!_uploading.Add(imageId))
            {
                throw new InvalidImageStatusTransitionException(imageId, "upload data to", "saving");
            }
        }
        try
        {
            var image = await GetAsync(imageId, cancellationToken);
            if (image.Status != ImageStatus.Queued)
            {
                throw new InvalidImageStatusTransitionException(imageId, "upload data to", StatusName(image.Status));
            }
            if (image.DiskFormat.Length == 0 || image.ContainerFormat.Length == 0)
            {
                throw new InvalidRequestException("Properties disk_format, container_format must be set prior to saving data.");
            }
            return await new ImageUpload(this, image, sizeCap).RunAsync(data, cancellationToken);
        }
        finally
        {
            lock (_uploading)
            {
                _uploading.Remove(imageId);
            }
        }
    }

    public async Task<Stream> OpenReadAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(imageId, cancellationToken);
        if (image.Status != ImageStatus.Active)
        {
            throw new ImageUnacceptableException(imageId, $"its status is {StatusName(image.Status)}, not active");
        }
        try
        {
            return new FileStream(DataPath(imageId), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                // A delete while someone downloads unlinks the name; the reader keeps its open file.
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (FileNotFoundException)
        {
            throw new ImageUnacceptableException(imageId, "its data is missing from the image store");
        }
    }

    public async Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await GetAsync(imageId, cancellationToken);
        // Record first: a failure after it leaves a stray file (harmless), never an active image without data.
        await _store.DeleteAsync(imageId, cancellationToken);
        File.Delete(DataPath(imageId));
        LogDeleted(imageId);
    }

    public async Task<bool> IsVisibleAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default)
    {
        var image = await _store.TryGetAsync(imageId, cancellationToken);
        if (image is null)
        {
            return false;
        }
        var membership = ImagePolicy.NeedsMembership(image, context) ? await _store.TryGetMemberAsync(imageId, context.ProjectId, cancellationToken) : null;
        return ImagePolicy.IsVisible(image, context, membership);
    }

    internal static string StatusName(ImageStatus status) => status.ToString().ToLowerInvariant();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Created image {ImageId} '{Name}' ({DiskFormat}), queued")]
    private partial void LogCreated(Guid imageId, string name, string diskFormat);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Stored image {ImageId}: {Size} bytes, md5 {Checksum}, in {DurationMs} ms")]
    private partial void LogUploaded(Guid imageId, long size, string checksum, long durationMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Deleted image {ImageId}")]
    private partial void LogDeleted(Guid imageId);
}
