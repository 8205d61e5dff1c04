namespace Kumo.Objects.Instances;

/// <summary>
/// A file the user asked to put into the guest (Nova's personality, up to microversion 2.56): the
/// guest path and the contents, base64 as the client sent them. Travels with the build request to
/// the driver (for the config drive) and is never stored: only the paths are kept on the instance.
/// </summary>
public sealed record InjectedFile(string Path, string Contents)
{
    public byte[] Decode() => Convert.FromBase64String(Contents);
}
