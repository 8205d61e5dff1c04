using System.Collections;
using Kumo.Deployment.Configuration;

namespace Kumo.Compute.Tests.Deployment;

/// <summary>
/// What an operator sees when kumo.json or a KUMO__ variable is wrong: the key as written, where it
/// was written, the bad value and the nearest known key. The environment is passed in, not the
/// process's, so these tests run in parallel.
/// </summary>
public sealed class KumoConfigurationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kumo-config-{Guid.NewGuid():N}.json");

    private KumoOptions Load(string json, IDictionary? environment = null)
    {
        File.WriteAllText(_file, json);
        return KumoOptions.Load(_file, environment ?? new Hashtable());
    }

    private string Refused(string json, IDictionary? environment = null) =>
        Assert.Throws<InvalidConfigurationException>(() => Load(json, environment)).Message;

    [Fact]
    public void A_mistyped_key_in_the_file_is_refused_naming_it_the_file_and_the_nearest_known_key()
    {
        var message = Refused("""{ "Compute": { "MaxConcurentBuilds": 5 } }""");

        Assert.Contains("Unknown setting Compute:MaxConcurentBuilds", message);
        Assert.Contains(_file, message);
        Assert.Contains("Did you mean Compute:MaxConcurrentBuilds?", message);
    }

    [Fact]
    public void A_known_option_under_the_wrong_section_suggests_the_right_section()
    {
        var message = Refused("""{ "Api": { "VirtType": "qemu" } }""");

        Assert.Contains("Did you mean Libvirt:VirtType?", message);
    }

    [Fact]
    public void A_mistyped_environment_variable_is_refused_naming_the_variable_and_the_one_meant()
    {
        var message = Refused("{}", new Hashtable { ["KUMO__LIBVIRT__VIRTTYP"] = "qemu", ["KUMO_CONFIG_UNRELATED"] = "x" });

        Assert.Contains("Unknown setting KUMO__LIBVIRT__VIRTTYP (environment)", message);
        Assert.Contains("KUMO__LIBVIRT__VIRTTYPE (Libvirt:VirtType)", message);
    }

    [Fact]
    public void A_key_nothing_resembles_points_at_the_readme()
    {
        Assert.Contains("See the configuration table in the README", Refused("""{ "Zzzyzx": 1 }"""));
    }

    [Theory]
    [InlineData("""{ "Compute": { "MaxConcurrentBuilds": "ten" } }""", "Compute:MaxConcurrentBuilds = 'ten'", "is not a whole number")]
    [InlineData("""{ "Compute": { "CpuAllocationRatio": "lots" } }""", "Compute:CpuAllocationRatio = 'lots'", "is not a number")]
    [InlineData("""{ "Compute": { "SyncPowerStateInterval": "soon" } }""", "Compute:SyncPowerStateInterval = 'soon'", "is not a duration")]
    [InlineData("""{ "DEFAULT": { "reserved_host_memory_mb": "1e99" } }""", "DEFAULT:reserved_host_memory_mb = '1e99'", "is not a whole number")]
    public void A_value_of_the_wrong_type_is_refused_naming_key_and_value(string json, string named, string problem)
    {
        var message = Refused(json);

        Assert.Contains(named, message);
        Assert.Contains(problem, message);
    }

    [Theory]
    [InlineData("""{ "Compute": { "CpuAllocationRatio": -1 } }""", "Compute:CpuAllocationRatio must be greater than 0, not '-1'")]
    [InlineData("""{ "Compute": { "MaxConcurrentBuilds": 0 } }""", "Compute:MaxConcurrentBuilds must be at least 1, not '0'")]
    [InlineData("""{ "Compute": { "ReservedHostMemoryMb": -512 } }""", "Compute:ReservedHostMemoryMb must not be negative, not '-512'")]
    [InlineData("""{ "Compute": { "UpdateResourcesInterval": -5 } }""", "Compute:UpdateResourcesInterval must not be negative")]
    [InlineData("""{ "StateDir": "var/lib/kumo" }""", "StateDir must be an absolute path, not 'var/lib/kumo'")]
    [InlineData("""{ "Libvirt": { "InstancesPath": "instances" } }""", "Libvirt:InstancesPath must be an absolute path, not 'instances'")]
    [InlineData("""{ "Api": { "Listen": "localhost:8774" } }""", "Api:Listen must be an http:// or https:// URL")]
    [InlineData("""{ "Api": { "Listen": "http://" } }""", "not 'http://'")]
    [InlineData("""{ "Api": { "PublicUrl": "kumo.example" } }""", "Api:PublicUrl must be empty")]
    [InlineData("""{ "VirtDriver": "xen" }""", "VirtDriver must be one of libvirt, fake, not 'xen'")]
    [InlineData("""{ "Libvirt": { "VirtType": "lxc" } }""", "Libvirt:VirtType must be one of auto, kvm, qemu, not 'lxc'")]
    public void A_value_that_cannot_work_is_refused_naming_key_and_value(string json, string expected)
    {
        Assert.Contains(expected, Refused(json));
    }

    [Fact]
    public void Nova_option_names_set_the_kumo_options_with_intervals_in_seconds()
    {
        var options = Load("""
            {
              "DEFAULT": { "cpu_allocation_ratio": 2.5, "reserved_host_memory_mb": 1024, "instances_path": "/srv/instances",
                           "sync_power_state_interval": 120, "compute_driver": "fake.FakeDriver", "state_path": "/srv/kumo" },
              "compute": { "max_concurrent_builds": 3 },
              "libvirt": { "virt_type": "qemu" },
              "image_cache": { "manager_interval": 0 }
            }
            """);

        Assert.Equal((2.5, 1024, 3), (options.Compute.CpuAllocationRatio, options.Compute.ReservedHostMemoryMb, options.Compute.MaxConcurrentBuilds));
        Assert.Equal(("/srv/instances", "qemu"), (options.Libvirt.InstancesPath, options.Libvirt.VirtType));
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.Zero), (options.Compute.SyncPowerStateInterval, options.Compute.ImageCacheManagerInterval));
        Assert.Equal(("fake", "/srv/kumo"), (options.VirtDriver, options.StateDir));
    }

    [Fact]
    public void Nova_s_vif_plugging_options_are_accepted_under_DEFAULT_with_seconds()
    {
        var defaults = Load("{}");
        var options = Load("""{ "DEFAULT": { "vif_plugging_timeout": 30, "vif_plugging_is_fatal": false } }""");

        Assert.Equal((TimeSpan.FromSeconds(300), true), (defaults.Compute.VifPluggingTimeout, defaults.Compute.VifPluggingIsFatal));
        Assert.Equal((TimeSpan.FromSeconds(30), false), (options.Compute.VifPluggingTimeout, options.Compute.VifPluggingIsFatal));
        Assert.Contains("Compute:VifPluggingTimeout must not be negative", Refused("""{ "DEFAULT": { "vif_plugging_timeout": -1 } }"""));
    }

    [Fact]
    public void Nova_names_in_the_environment_override_kumo_names_in_the_file()
    {
        var options = Load("""{ "Libvirt": { "VirtType": "kvm" }, "Compute": { "UpdateResourcesInterval": "00:00:30" } }""",
            new Hashtable { ["KUMO__LIBVIRT__VIRT_TYPE"] = "qemu", ["KUMO__DEFAULT__UPDATE_RESOURCES_INTERVAL"] = "90" });

        Assert.Equal("qemu", options.Libvirt.VirtType);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Compute.UpdateResourcesInterval);
    }

    [Fact]
    public void The_same_setting_twice_in_one_file_under_both_names_with_different_values_is_refused()
    {
        var message = Refused("""{ "Libvirt": { "VirtType": "kvm" }, "libvirt": { "virt_type": "qemu" } }""");

        Assert.Contains("Libvirt:VirtType", message);
        Assert.Contains("different values", message);
    }

    [Fact]
    public void Every_nova_alias_names_a_setting_that_exists()
    {
        var keys = OptionKeys.Of<KumoOptions>();
        Assert.All(NovaOptionAliases.All, alias => Assert.NotNull(keys.Find(alias.Value)));
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_naming_the_file()
    {
        var message = Refused("""{ "Compute": { "Host": """);

        Assert.Contains(_file, message);
        Assert.Contains("not valid JSON", message);
    }

    [Fact]
    public void Operation_deadlines_are_settings_under_compute_deadlines_from_the_file_and_the_environment()
    {
        var options = Load("""{ "Compute": { "Deadlines": { "Build": "00:45:00", "Reboot": 300 } } }""",
            new Hashtable { ["KUMO__COMPUTE__DEADLINES__DELETE"] = "120" });

        Assert.Equal(TimeSpan.FromMinutes(45), options.Compute.Deadlines.Build);
        Assert.Equal(TimeSpan.FromSeconds(300), options.Compute.Deadlines.Reboot);
        Assert.Equal(TimeSpan.FromSeconds(120), options.Compute.Deadlines.Delete);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Compute.Deadlines.Stop);
        Assert.Contains("Did you mean Compute:Deadlines:Build?", Refused("""{ "Compute": { "Deadlines": { "Biuld": 60 } } }"""));
    }

    public void Dispose() => File.Delete(_file);
}
