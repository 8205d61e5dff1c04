namespace Kumo.Virt.Libvirt.Tests.Interop;

/// <summary>
/// Domains for test:///default. That driver's state is shared by every connection open at the same
/// time in the process (it is fresh only once all are closed), and xunit runs test classes in
/// parallel: so each test uses its own names and UUIDs and never counts other tests' domains.
/// </summary>
internal static class TestDomains
{
    internal const string Uri = "test:///default";

    /// <summary>The domain test:///default starts with, running.</summary>
    internal const string BuiltInName = "test";

    internal static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    internal static string MinimalXml(string name, Guid uuid) => $"""
        <domain type='test'>
          <name>{name}</name>
          <uuid>{uuid:D}</uuid>
          <memory unit='KiB'>65536</memory>
          <vcpu>2</vcpu>
          <os><type>hvm</type></os>
        </domain>
        """;
}
