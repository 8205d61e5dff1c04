using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Security;

/// <summary>What `kumo serve` creates under its state folder is not readable by other local users.</summary>
public sealed class StateFileModesTests
{
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Rwx = Rw | UnixFileMode.UserExecute;

    [Fact]
    public async Task The_state_folder_is_0711_the_database_0600_and_the_image_store_0700_with_0600_images()
    {
        var outer = Path.Combine(Path.GetTempPath(), "kumo-modes-" + Guid.NewGuid().ToString("N")[..12]);
        var state = Path.Combine(outer, "state");
        try
        {
            await using (var cloud = await ApiCloud.StartAsync(configure: o => o.StateDir = state, stateDir: outer))
            {
                Assert.Equal(Rwx | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, File.GetUnixFileMode(state));
                Assert.Equal(Rw, File.GetUnixFileMode(Path.Combine(state, "kumo.db")));
                Assert.Equal(Rwx, File.GetUnixFileMode(Path.Combine(state, "images")));
                Assert.Equal(Rw, File.GetUnixFileMode(Path.Combine(state, "images", cloud.Image.Id.ToString())));
            }
        }
        finally
        {
            Directory.Delete(outer, recursive: true);
        }
    }
}
