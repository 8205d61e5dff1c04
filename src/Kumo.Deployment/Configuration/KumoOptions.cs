using Kumo.Api;
using Kumo.Compute;
using Kumo.Objects.Services;
using Kumo.Scheduler;
using Kumo.Virt.Libvirt.Driver;
using Microsoft.Extensions.Configuration;

namespace Kumo.Deployment.Configuration;

/// <summary>
/// The whole options tree, bound from kumo.json and KUMO__SECTION__KEY environment variables
/// (e.g. KUMO__COMPUTE__MAXCONCURRENTBUILDS=20, KUMO__LIBVIRT__VIRTTYPE=qemu).
/// </summary>
public sealed class KumoOptions
{
    /// <summary>Everything Kumo keeps on this host lives below here (database, images, instances).</summary>
    public string StateDir { get; set; } = "/var/lib/kumo";

    /// <summary>SQLite file; empty means &lt;state_dir&gt;/kumo.db, ":memory:" an in-memory database.</summary>
    public string Database { get; set; } = "";

    /// <summary>libvirt (real guests) or fake (in-memory, for scale tests).</summary>
    public string VirtDriver { get; set; } = "libvirt";

    public ComputeOptions Compute { get; set; } = new();

    public LibvirtOptions Libvirt { get; set; } = new();

    /// <summary>The fake driver's settings (VirtDriver fake): how long a spawn takes.</summary>
    public Kumo.Virt.Fake.FakeDriverOptions Fake { get; set; } = new();

    /// <summary>Neutron's/os-vif's [ovs]: the integration bridge compute plugs ports into and the agent watches.</summary>
    public Kumo.OsVif.VifOptions Ovs { get; set; } = new();

    /// <summary>The host's network agent (OVS agent, iptables firewall, DHCP); off until the host has OVS.</summary>
    public Kumo.Network.Agent.NetworkAgentOptions NetworkAgent { get; set; } = new();

    /// <summary>Bootstrap passwords and where the admin's openrc and the clouds.yaml are written.</summary>
    public Kumo.Identity.IdentityOptions Identity { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    /// <summary>The dashboard's listener and how it reaches the API.</summary>
    public Kumo.Dashboard.DashboardOptions Dashboard { get; set; } = new();

    /// <summary>The metadata service's listener and the secret its proxies sign with.</summary>
    public Kumo.Api.Metadata.MetadataOptions Metadata { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>The network server (Neutron): default MTU, datapath type, integration bridge, DHCP lease.</summary>
    public Kumo.Network.NetworkOptions Network { get; set; } = new();

    /// <summary>Every service's heartbeat interval (Nova's report_interval, 10 s).</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A service silent for longer is down and gets no builds (Nova's service_down_time, 60 s).</summary>
    public TimeSpan ServiceDownTime { get; set; } = TimeSpan.FromSeconds(60);

    public ServiceGroupOptions ServiceGroup => new() { ReportInterval = ReportInterval, ServiceDownTime = ServiceDownTime };

    /// <summary>How long `kumo serve` waits on SIGTERM for in-flight work before it exits (what is left, init_host settles).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public string DatabasePath => string.IsNullOrEmpty(Database) ? Path.Combine(StateDir, "kumo.db") : Database;

    public string ImagesPath => Path.Combine(StateDir, "images");

    /// <summary>
    /// Loads kumo.json (when present) then KUMO__SECTION__KEY variables (later sources win), with Nova's
    /// option names accepted; unknown keys and bad values are an <see cref="InvalidConfigurationException"/>.
    /// </summary>
    public static KumoOptions Load(string? configFile = null, System.Collections.IDictionary? environment = null)
    {
        var file = configFile ?? Environment.GetEnvironmentVariable("KUMO_CONFIG") ?? "/etc/kumo/kumo.json";
        if (!File.Exists(file))
        {
            if (configFile is not null)
            {
                throw new FileNotFoundException($"Configuration file {configFile} does not exist.", configFile);
            }
            file = null;
        }
        var settings = ConfigurationReader.Read(file, environment ?? Environment.GetEnvironmentVariables());
        var options = new KumoOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Bind(options);
        options.Normalize();
        return options;
    }

    /// <summary>Fills derived defaults and rejects settings that cannot work (the key and value named).</summary>
    public void Normalize()
    {
        if (string.IsNullOrEmpty(Libvirt.InstancesPath))
        {
            Libvirt.InstancesPath = Path.Combine(StateDir, "instances");
        }
        if (string.IsNullOrEmpty(NetworkAgent.DhcpConfsPath))
        {
            NetworkAgent.DhcpConfsPath = Path.Combine(StateDir, "dhcp");
        }
        // One host runs both: the binding details the server hands compute (os-vif's network["bridge"],
        // datapath_type) must name the bridge this host's plug and agent use, so Ovs:* is the one setting.
        Network.IntegrationBridge = Ovs.IntegrationBridge;
        Network.DatapathType = Ovs.DatapathType;
        OptionRules.Check(this);
    }
}
