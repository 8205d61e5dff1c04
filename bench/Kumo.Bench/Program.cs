using System.CommandLine;
using Kumo.Bench;
using Kumo.Bench.Api;
using Spectre.Console;

// Figures are printed, never asserted: a slow run is a finding, not a failure. A run that cannot
// measure (a boot that fails, a timeout) exits non-zero.
// Piped to a file or `tee`, Spectre would wrap at 80 columns and break paths apart.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
}

var bootCount = new Option<int>("--count") { Description = "Measured boots of each kind (after one warm-up)", DefaultValueFactory = _ => 10 };
var boot = new Command("boot", "Boot latency: Kumo on libvirt against virsh define+start of the same domain, interleaved") { bootCount };
boot.SetAction((parse, ct) => RunAsync((figures, token) => BootBenchmark.RunAsync(parse.GetValue(bootCount), figures, token), ct));

var throughputCount = new Option<int>("--count") { Description = "Servers to create and delete", DefaultValueFactory = _ => 1000 };
var throughput = new Command("throughput", "Control-plane throughput on the fake driver") { throughputCount };
throughput.SetAction((parse, ct) => RunAsync((figures, token) => ThroughputBenchmark.RunAsync(parse.GetValue(throughputCount), figures, token), ct));

var schedulerHosts = new Option<int>("--hosts") { Description = "Fake compute hosts", DefaultValueFactory = _ => 1000 };
var schedulerPlacements = new Option<int>("--placements") { Description = "Placements, split between two concurrent schedulers", DefaultValueFactory = _ => 10000 };
// Nova's advice for several schedulers is a host_subset_size above 1; the default here follows it.
var schedulerSubset = new Option<int>("--host-subset-size") { Description = "Each scheduler picks at random among this many best hosts", DefaultValueFactory = _ => 10 };
var scheduler = new Command("scheduler", "Scheduling throughput: two schedulers racing over one store of fake hosts") { schedulerHosts, schedulerPlacements, schedulerSubset };
scheduler.SetAction((parse, ct) => RunAsync((figures, token) =>
    SchedulerBenchmark.RunAsync(parse.GetValue(schedulerHosts), parse.GetValue(schedulerPlacements), parse.GetValue(schedulerSubset), figures, token), ct));

var apiCount = new Option<int>("--count") { Description = "Servers to create through the REST API", DefaultValueFactory = _ => 1000 };
var api = new Command("api", "The control plane through the REST API: kumo serve in its own process, fake driver, 8 HTTP clients") { apiCount };
api.SetAction((parse, ct) => RunAsync((figures, token) => ApiBenchmark.RunAsync(parse.GetValue(apiCount), figures, token), ct));

var netPlugs = new Option<int>("--plugs") { Description = "Sequential hybrid plugs timed from OVS port to update_device_up", DefaultValueFactory = _ => 20 };
var netPorts = new Option<int>("--sg-ports") { Description = "Ports one security group rule change must reach", DefaultValueFactory = _ => 100 };
var netHost = new Command("net-host", "Host networking on real OVS and iptables: VIF plugged latency, security group update on many ports") { netPlugs, netPorts };
netHost.SetAction((parse, ct) => RunAsync((figures, token) => NetBenchmark.RunAsync(parse.GetValue(netPlugs), parse.GetValue(netPorts), figures, token), ct));
var netCount = new Option<int>("--count") { Description = "Ports to create through the network API", DefaultValueFactory = _ => 1000 };
var net = new Command("net", "Network API: port creates (IPAM included) from 8 HTTP clients against kumo serve in its own process") { netCount };
net.SetAction((parse, ct) => RunAsync((figures, token) => Kumo.Bench.Network.NetworkBenchmark.RunAsync(parse.GetValue(netCount), figures, token), ct));
var netBootCount = new Option<int>("--count") { Description = "Measured boots of each kind (after one warm-up of each)", DefaultValueFactory = _ => 5 };
var netBoot = new Command("net-boot", "What one port adds to request → ACTIVE: real guests with no NIC and with one port, interleaved, network agent on (root and OVS needed)") { netBootCount };
netBoot.SetAction((parse, ct) => RunAsync((figures, token) => Kumo.Bench.Network.NetBootBenchmark.RunAsync(parse.GetValue(netBootCount), figures, token), ct));
var bootApiCount = new Option<int>("--count") { Description = "Measured boots of each kind (after one warm-up)", DefaultValueFactory = _ => 5 };
var bootApiGuestData = new Option<bool>("--guest-data") { Description = "Servers with a config drive (user data) and a flavor with 1 GB ephemeral and 64 MB swap; figures boot.api_guest_data_*" };
// Each GET costs the service CPU that the guest's start on the same 2 cores then lacks: a wider interval shows how much of the ratio is the polling.
var bootApiPoll = new Option<int>("--poll-ms") { Description = "GET interval while waiting for ACTIVE", DefaultValueFactory = _ => ApiBootBenchmark.DefaultPollMs };
var bootApi = new Command("boot-api", "Real guests through the REST API (kumo serve, libvirt) against virsh define+start of the same domain, interleaved") { bootApiCount, bootApiGuestData, bootApiPoll };
bootApi.SetAction((parse, ct) => RunAsync((figures, token) =>
    ApiBootBenchmark.RunAsync(parse.GetValue(bootApiCount), parse.GetValue(bootApiGuestData), parse.GetValue(bootApiPoll), figures, token), ct));

var uiCount = new Option<int>("--count") { Description = "Servers the dashboard's list shows", DefaultValueFactory = _ => 1000 };
var ui = new Command("ui", "The dashboard: time to the server list's HTML with N servers, and status change → live stream") { uiCount };
ui.SetAction((parse, ct) => RunAsync((figures, token) => UiBenchmark.RunAsync(parse.GetValue(uiCount), figures, token), ct));

var guestCount = new Option<int>("--count") { Description = "Config drives to build", DefaultValueFactory = _ => 20 };
var metadataCount = new Option<int>("--metadata-count") { Description = "Metadata requests through the proxy (after a warm-up)", DefaultValueFactory = _ => 500 };
var guest = new Command("guest", "What the guest receives: config drive build time, then a metadata request through the proxy (root needed)") { guestCount, metadataCount };
guest.SetAction((parse, ct) => RunAsync(async (figures, token) =>
{
    await ConfigDriveBenchmark.RunAsync(parse.GetValue(guestCount), figures, token);
    await MetadataBenchmark.RunAsync(parse.GetValue(metadataCount), figures, token);
}, ct));
var metadata = new Command("metadata", "A guest's metadata request through the per-network proxy, from a namespace of its own (root needed)") { metadataCount };
metadata.SetAction((parse, ct) => RunAsync((figures, token) => MetadataBenchmark.RunAsync(parse.GetValue(metadataCount), figures, token), ct));

var recoveryCount = new Option<int>("--count") { Description = "Builds in flight when kumo serve is killed -9", DefaultValueFactory = _ => 20 };
var recovery = new Command("recovery", "Crash recovery: kumo serve killed -9 with builds in flight, restarted; time until every server is final") { recoveryCount };
recovery.SetAction((parse, ct) => RunAsync((figures, token) => RecoveryBenchmark.RunAsync(parse.GetValue(recoveryCount), figures, token), ct));

var soakCount = new Option<int>("--count") { Description = "Servers the soak creates, acts on and deletes", DefaultValueFactory = _ => 500 };
var soak = new Command("soak", "The fake-driver soak through the REST API: what is left after N servers with random actions (reliability.soak_leaks)") { soakCount };
soak.SetAction((parse, ct) => RunAsync((figures, token) => SoakBenchmark.RunAsync(parse.GetValue(soakCount), figures, token), ct));

var allBoots = new Option<int>("--boot-count") { Description = "As boot --count", DefaultValueFactory = _ => 10 };
var allServers = new Option<int>("--throughput-count") { Description = "As throughput --count", DefaultValueFactory = _ => 1000 };
var all = new Command("all", "boot, then throughput, then scheduler, then the config drive and metadata, then the dashboard, then the soak, then net") { allBoots, allServers };
all.SetAction((parse, ct) => RunAsync(async (figures, token) =>
{
    await BootBenchmark.RunAsync(parse.GetValue(allBoots), figures, token);
    await ThroughputBenchmark.RunAsync(parse.GetValue(allServers), figures, token);
    await SchedulerBenchmark.RunAsync(1000, 10000, 10, figures, token);
    await ConfigDriveBenchmark.RunAsync(20, figures, token);
    await MetadataBenchmark.RunAsync(500, figures, token);
    await UiBenchmark.RunAsync(1000, figures, token);
    await SoakBenchmark.RunAsync(500, figures, token);
    await Kumo.Bench.Network.NetworkBenchmark.RunAsync(1000, figures, token);
}, ct));

var root = new RootCommand("Kumo benchmarks: boot latency against plain libvirt, control-plane throughput on the fake driver and through the REST API, scheduling, config drives, metadata, the dashboard, network ports, host networking, crash recovery, the soak") { boot, bootApi, throughput, api, scheduler, guest, metadata, ui, net, netHost, netBoot, recovery, soak, all };
return await root.Parse(args).InvokeAsync();

static async Task<int> RunAsync(Func<Figures, CancellationToken, Task> benchmark, CancellationToken cancellationToken)
{
    var figures = new Figures();
    var exitCode = 0;
    try
    {
        await benchmark(figures, cancellationToken);
    }
    catch (Exception ex)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]The benchmark could not finish:[/] {ex.Message}");
        Console.Error.WriteLine(ex);
        exitCode = 1;
    }
    // Whatever was measured, as plain lines to compare between runs.
    Console.WriteLine();
    figures.Print(Console.Out);
    return exitCode;
}
