using Kumo.Deployment.Configuration;

namespace Kumo.Compute.Tests.Deployment;

/// <summary>Load reads the process environment (KUMO__*): these tests run alone so one's variables never reach another.</summary>
[Collection(EnvironmentTests.Name)]
public sealed class KumoOptionsTests
{
    [Fact]
    public void A_json_file_sets_nova_named_options_and_derived_paths_follow_the_state_dir()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """
            {
              "StateDir": "/srv/kumo",
              "VirtDriver": "fake",
              "Compute": { "Host": "cmp-7", "MaxConcurrentBuilds": 25, "CpuAllocationRatio": 2.5, "SyncPowerStateInterval": "00:01:00" },
              "Libvirt": { "VirtType": "qemu" }
            }
            """);
        try
        {
            var options = KumoOptions.Load(file);

            Assert.Equal(("cmp-7", 25, 2.5), (options.Compute.Host, options.Compute.MaxConcurrentBuilds, options.Compute.CpuAllocationRatio));
            Assert.Equal(TimeSpan.FromMinutes(1), options.Compute.SyncPowerStateInterval);
            Assert.Equal("qemu", options.Libvirt.VirtType);
            Assert.Equal("/srv/kumo/instances", options.Libvirt.InstancesPath);
            Assert.Equal("/srv/kumo/kumo.db", options.DatabasePath);
            Assert.Equal("/srv/kumo/images", options.ImagesPath);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_named_config_file_that_does_not_exist_is_an_error_not_silently_the_defaults()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => KumoOptions.Load("/nonexistent/kumo.json"));
        Assert.Contains("/nonexistent/kumo.json", ex.Message);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_the_key_named()
    {
        var relative = new KumoOptions();
        relative.Libvirt.InstancesPath = "instances";
        Assert.Contains("Libvirt:InstancesPath", Assert.Throws<InvalidConfigurationException>(relative.Normalize).Message);

        var noBuilds = new KumoOptions();
        noBuilds.Compute.MaxConcurrentBuilds = 0;
        Assert.Contains("Compute:MaxConcurrentBuilds", Assert.Throws<InvalidConfigurationException>(noBuilds.Normalize).Message);
    }

    [Fact]
    public void Environment_variables_override_the_json_file_as_operators_expect()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{ "Compute": { "Host": "from-file", "MaxConcurrentBuilds": 5 } }""");
        Environment.SetEnvironmentVariable("KUMO__COMPUTE__HOST", "from-env");
        try
        {
            var options = KumoOptions.Load(file);

            Assert.Equal("from-env", options.Compute.Host);
            Assert.Equal(5, options.Compute.MaxConcurrentBuilds);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUMO__COMPUTE__HOST", null);
            File.Delete(file);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentTests
{
    public const string Name = "process environment";
}
