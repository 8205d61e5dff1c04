using System.Runtime.CompilerServices;

namespace Kumo.Virt.Libvirt.Tests.Config;

/// <summary>
/// Golden files under Config/Golden/. Read from the build output when the project copies them there,
/// else from the source tree next to this file. KUMO_UPDATE_GOLDEN=1 rewrites them in the source tree
/// (then review the diff), as Go's `-update` flag does.
/// </summary>
internal static class GoldenFile
{
    public static bool UpdateRequested => Environment.GetEnvironmentVariable("KUMO_UPDATE_GOLDEN") == "1";

    public static string Read(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Config", "Golden", name);
        var path = File.Exists(copied) ? copied : SourcePath(name);
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }

    public static void Write(string name, string content) => File.WriteAllText(SourcePath(name), content);

    public static string SourcePath(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden", name);
}
