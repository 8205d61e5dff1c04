using Kumo.Common.IO;
using Kumo.Objects.Images;

namespace Kumo.Image;

public sealed partial class FileImageService
{
    /// <summary>
    /// One upload: queued → saving → active, or back to queued with no file left when anything fails
    /// (Glance returns a failed upload's image to queued so the client can retry).
    /// </summary>
    private sealed class ImageUpload(FileImageService service, ImageMeta queued, long sizeCap)
    {
        private readonly string _temporary = Path.Combine(service._imagesPath, $"{queued.Id}.{Guid.NewGuid():N}.upload");
        private readonly string _final = service.DataPath(queued.Id);

        public async Task<ImageMeta> RunAsync(Stream data, CancellationToken cancellationToken)
        {
            var started = service._timeProvider.GetTimestamp();
            var saving = queued with { Status = ImageStatus.Saving, UpdatedAt = service._timeProvider.GetUtcNow() };
            await service._store.UpdateAsync(saving, cancellationToken);
            var renamed = false;
            try
            {
                var digest = await WriteAsync(data, cancellationToken);
                File.Move(_temporary, _final, overwrite: true);
                renamed = true;
                var active = saving with
                {
                    Status = ImageStatus.Active,
                    Size = digest.Size,
                    Checksum = digest.Md5Hex,
                    OsHashAlgo = ImageHashing.Algorithm,
                    OsHashValue = digest.Sha512Hex,
                    UpdatedAt = service._timeProvider.GetUtcNow(),
                };
                await service._store.UpdateAsync(active, cancellationToken);
                service.LogUploaded(queued.Id, digest.Size, digest.Md5Hex, (long)service._timeProvider.GetElapsedTime(started).TotalMilliseconds);
                return active;
            }
            catch
            {
                File.Delete(_temporary);
                if (renamed)
                {
                    File.Delete(_final);
                }
                // Not the caller's token: a cancelled upload must still go back to queued.
                await service._store.UpdateAsync(queued with { UpdatedAt = service._timeProvider.GetUtcNow() }, CancellationToken.None);
                throw;
            }
        }

        private async Task<ImageDigest> WriteAsync(Stream data, CancellationToken cancellationToken)
        {
            PrivateFiles.EnsureOwnerOnlyDirectory(service._imagesPath);
            await using var file = new FileStream(_temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                // A user's image is read only by the service (the image cache copies it for QEMU).
                UnixCreateMode = OperatingSystem.IsWindows() ? null : PrivateFiles.OwnerOnlyFile,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
                BufferSize = 0, // ImageHashing writes 1 MiB chunks itself.
            });
            var result = await ImageHashing.CopyAsync(data, file, sizeCap, cancellationToken);
            // fsync before the rename, or a crash could leave the final name pointing at unwritten blocks.
            file.Flush(flushToDisk: true);
            return result;
        }
    }
}
