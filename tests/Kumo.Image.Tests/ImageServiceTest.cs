using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Image.Tests;

/// <summary>A <see cref="FileImageService"/> over an in-memory store, on a directory of its own removed after each test.</summary>
public abstract class ImageServiceTest : IDisposable
{
    protected ImageServiceTest()
    {
        Service = new FileImageService(Store, ImagesPath, Clock, NullLogger<FileImageService>.Instance);
    }

    protected string ImagesPath { get; } = Path.Combine(Path.GetTempPath(), $"kumo-images-{Guid.NewGuid():N}");

    protected InMemoryImageStore Store { get; } = new();

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected FileImageService Service { get; }

    public void Dispose()
    {
        if (Directory.Exists(ImagesPath))
        {
            Directory.Delete(ImagesPath, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
