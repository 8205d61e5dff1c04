using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Tests.Interop;

public sealed class LibvirtDomainTests
{
    [Fact]
    public void Domain_goes_through_define_create_destroy_undefine()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        string name = TestDomains.UniqueName("lifecycle");
        var uuid = Guid.NewGuid();

        using var defined = connection.DefineXml(TestDomains.MinimalXml(name, uuid));
        Assert.Equal(name, defined.Name);
        Assert.Equal(uuid, defined.Uuid);
        Assert.False(defined.IsActive);
        Assert.Equal(DomainState.Shutoff, defined.GetState().State);

        using (var byUuid = connection.LookupByUuid(uuid))
        using (var byName = connection.LookupByName(name))
        {
            Assert.Equal(name, byUuid.Name);
            Assert.Equal(uuid, byName.Uuid);
        }

        defined.Create();
        Assert.True(defined.IsActive);
        // Reason 1 = VIR_DOMAIN_RUNNING_BOOTED.
        Assert.Equal((DomainState.Running, 1), defined.GetState());
        DomainInfo info = defined.GetInfo();
        Assert.Equal(DomainState.Running, info.State);
        Assert.Equal(65536UL, info.MaxMemKb);
        Assert.Equal(65536UL, info.MemoryKb);
        Assert.Equal((ushort)2, info.Vcpus);
        Assert.Contains($"<name>{name}</name>", defined.GetXmlDesc());
        Assert.Contains($"<uuid>{uuid:D}</uuid>", defined.GetXmlDesc(DomainXmlFlags.Inactive));

        defined.Destroy();
        // Reason 2 = VIR_DOMAIN_SHUTOFF_DESTROYED.
        Assert.Equal((DomainState.Shutoff, 2), defined.GetState());
        Assert.False(defined.IsActive);

        defined.Undefine(DomainUndefineFlags.None);

        var error = Assert.Throws<LibvirtException>(() => connection.LookupByUuid(uuid));
        Assert.True(error.IsNotFound);
        Assert.Equal(42, error.LibvirtCode);
        Assert.False(error.IsTransient);
        Assert.Equal(500, error.Code);
        Assert.StartsWith("libvirt error 42 (domain 12): Domain not found", error.Message);
        Assert.Null(connection.TryLookupByUuid(uuid));
        // The reference outlives the domain; using it reports the domain gone.
        Assert.True(Assert.Throws<LibvirtException>(() => defined.GetState()).IsNotFound);
    }

    [Fact]
    public void TryLookupByUuid_finds_an_existing_domain()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        using var builtIn = connection.LookupByName(TestDomains.BuiltInName);

        using var found = connection.TryLookupByUuid(builtIn.Uuid);

        Assert.NotNull(found);
        Assert.Equal(TestDomains.BuiltInName, found.Name);
    }

    [Fact]
    public void ListAllDomains_applies_the_flags()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        string name = TestDomains.UniqueName("listed");
        using var defined = connection.DefineXml(TestDomains.MinimalXml(name, Guid.NewGuid()));
        try
        {
            var all = Names(connection.ListAllDomains());
            var active = Names(connection.ListAllDomains(ListDomainsFlags.Active));
            var inactive = Names(connection.ListAllDomains(ListDomainsFlags.Inactive));

            Assert.Contains(name, all);
            Assert.Contains(TestDomains.BuiltInName, all);
            Assert.Contains(name, inactive);
            Assert.DoesNotContain(name, active);
            Assert.Contains(TestDomains.BuiltInName, active);
        }
        finally
        {
            defined.Undefine(DomainUndefineFlags.None);
        }
    }

    [Theory]
    // Malformed: libxml2's own error, VIR_ERR_XML_DETAIL from VIR_FROM_DOMAIN.
    [InlineData("<domain type='test'><name>x</name", LibvirtErrorCode.XmlDetail, "expected '>'")]
    // Well formed but not a valid domain: VIR_ERR_XML_ERROR.
    [InlineData("<domain type='test'><name>x</name></domain>", LibvirtErrorCode.XmlError, "an os <type> must be specified")]
    public void DefineXml_with_invalid_xml_names_the_problem(string xml, LibvirtErrorCode expected, string problem)
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);

        var error = Assert.Throws<LibvirtException>(() => connection.DefineXml(xml));

        Assert.Equal(expected, error.ErrorCode);
        Assert.Equal(LibvirtErrorDomain.Domain, error.ErrorDomainKind);
        Assert.Contains(problem, error.LibvirtMessage);
        Assert.Contains(problem, error.Message);
        Assert.False(error.IsNotFound);
    }

    [Fact]
    public void DefineXml_with_Validate_rejects_what_the_schema_forbids()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        string xml = TestDomains.MinimalXml(TestDomains.UniqueName("invalid"), Guid.NewGuid())
            .Replace("<vcpu>", "<bogus/><vcpu>", StringComparison.Ordinal);

        var error = Assert.Throws<LibvirtException>(() => connection.DefineXml(xml, DomainDefineFlags.Validate));

        Assert.Equal(LibvirtErrorCode.XmlInvalidSchema, error.ErrorCode);
    }

    [Fact]
    public void Create_on_a_running_domain_fails()
    {
        using var connection = LibvirtConnection.Open(TestDomains.Uri);
        using var running = connection.LookupByName(TestDomains.BuiltInName);

        var error = Assert.Throws<LibvirtException>(() => running.Create());

        // The test driver reports this as an internal error; QEMU says VIR_ERR_OPERATION_INVALID.
        Assert.Contains("already running", error.LibvirtMessage);
        Assert.Equal(DomainState.Running, running.GetState().State);
    }

    private static List<string> Names(IReadOnlyList<LibvirtDomain> domains)
    {
        var names = domains.Select(d => d.Name).ToList();
        foreach (var domain in domains)
        {
            domain.Dispose();
        }

        return names;
    }
}
