using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

/// <summary>
/// Counts the whole process's file descriptors, so it runs alone: other test classes opening files
/// or starting qemu-img in parallel made the count flaky (seen: 200 against a limit of 192).
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed class HandleLeakTests
{
    [Fact]
    public void Two_hundred_open_use_close_cycles_release_every_reference()
    {
        int fdsBefore = OpenFileDescriptors();

        for (int i = 0; i < 200; i++)
        {
            var connection = LibvirtConnection.Open(TestDomains.Uri);
            var uuid = Guid.NewGuid();
            using (var defined = connection.DefineXml(TestDomains.MinimalXml(TestDomains.UniqueName("leak"), uuid)))
            using (var byUuid = connection.LookupByUuid(uuid))
            {
                foreach (var domain in connection.ListAllDomains())
                {
                    domain.Dispose();
                }

                _ = byUuid.GetXmlDesc();
                defined.Undefine(DomainUndefineFlags.None);
            }

            _ = connection.TryLookupByUuid(uuid);
            connection.Dispose();

            // virConnectClose returns the references still held: every domain handle (listed, looked up,
            // defined) and the failed lookup's must be gone.
            Assert.Equal(0, connection.Handle.ReferencesLeftAtClose);
        }

        // Allow for the runtime's own descriptors coming and going, not for one per cycle.
        Assert.InRange(OpenFileDescriptors(), 0, fdsBefore + 10);
    }

    [Fact]
    public void An_undisposed_domain_shows_as_a_reference_left_at_close()
    {
        // The check above can fail: a domain still referenced keeps the connection alive in libvirt.
        var connection = LibvirtConnection.Open(TestDomains.Uri);
        var domain = connection.LookupByName(TestDomains.BuiltInName);

        connection.Dispose();

        Assert.Equal(1, connection.Handle.ReferencesLeftAtClose);
        // The domain stays usable on its own reference until disposed.
        Assert.Equal(TestDomains.BuiltInName, domain.Name);
        domain.Dispose();
    }

    private static int OpenFileDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
