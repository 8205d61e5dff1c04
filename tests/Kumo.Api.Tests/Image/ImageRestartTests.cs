using System.Net;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Images;
using static Kumo.Api.Tests.Image.ImageRequests;

namespace Kumo.Api.Tests.Image;

public sealed class ImageRestartTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "kumo-image-restart-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_interrupted_by_a_crash_is_queued_again_after_a_restart_with_no_partial_data()
    {
        string id;
        string imagesPath;
        await using (var before = await ApiCloud.StartAsync(configure: o => o.StateDir = _stateDir))
        {
            var client = await before.ClientAsync("project-a", "alice");
            id = (string)(await CreateAsync(client))["id"]!;
            imagesPath = before.Host.Shared.Options.ImagesPath;
            // What the process leaves when killed mid-upload: the record saving and a temporary file.
            var images = before.Host.Shared.Stores.Images;
            var image = (await images.TryGetAsync(Guid.Parse(id)))!;
            await images.UpdateAsync(image with { Status = ImageStatus.Saving });
            await File.WriteAllBytesAsync(Path.Combine(imagesPath, $"{id}.{Guid.NewGuid():N}.upload"), new byte[1000]);
        }

        await using var after = await ApiCloud.StartAsync(configure: o => o.StateDir = _stateDir);
        var again = await after.ClientAsync("project-a", "alice");

        Assert.Equal("queued", (string?)(await ShowAsync(again, id))["status"]);
        Assert.Empty(Directory.EnumerateFiles(imagesPath, $"{id}*"));
        Assert.Equal(HttpStatusCode.NoContent, (await UploadAsync(again, id, [1, 2, 3])).StatusCode);
        Assert.Equal("active", (string?)(await ShowAsync(again, id))["status"]);
    }
}
