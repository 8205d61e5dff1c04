using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_domains_defined_in_parallel_on_one_connection_all_exist()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        var wanted = Enumerable.Range(0, 20)
            .Select(i => (Name: TestDomains.UniqueName($"parallel{i}"), Uuid: Guid.NewGuid()))
            .ToArray();
        // Released together so the defines overlap rather than run one after another.
        using var start = new Barrier(wanted.Length);

        var defined = await Task.WhenAll(wanted.Select(w => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                using var domain = connection.DefineXml(TestDomains.MinimalXml(w.Name, w.Uuid));
                return (domain.Name, domain.Uuid);
            },
            TaskCreationOptions.LongRunning)));

        try
        {
            Assert.Equal(wanted.OrderBy(w => w.Name), defined.OrderBy(d => d.Name));
            var listed = connection.ListAllDomains();
            var listedUuids = listed.Select(d => d.Uuid).ToHashSet();
            foreach (var domain in listed)
            {
                domain.Dispose();
            }

            Assert.All(wanted, w => Assert.Contains(w.Uuid, listedUuids));
        }
        finally
        {
            foreach (var w in wanted)
            {
                using var domain = connection.LookupByUuid(w.Uuid);
                domain.Undefine(DomainUndefineFlags.None);
            }
        }
    }

    [Fact]
    public async Task Each_thread_reads_its_own_error()
    {
        // libvirt keeps the last error per thread: failures racing on one connection must each report
        // their own, never a neighbour's.
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        const int PerKind = 10;
        using var start = new Barrier(PerKind * 2);

        Task<LibvirtException> Fail(Action call) => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Assert.Throws<LibvirtException>(call);
            },
            TaskCreationOptions.LongRunning);

        var notFound = Enumerable.Range(0, PerKind).Select(_ => Fail(() => connection.LookupByUuid(Guid.NewGuid()))).ToArray();
        var badXml = Enumerable.Range(0, PerKind).Select(_ => Fail(() => connection.DefineXml("<domain"))).ToArray();
        await Task.WhenAll(notFound.Concat(badXml));

        Assert.All(notFound, t => Assert.Equal(LibvirtErrorCode.NoDomain, t.Result.ErrorCode));
        Assert.All(badXml, t => Assert.Equal(LibvirtErrorCode.XmlDetail, t.Result.ErrorCode));
    }
}
