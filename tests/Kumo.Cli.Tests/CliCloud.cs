using System.CommandLine;
using Kumo.Cli.Client;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.TestSupport;
using Kumo.Virt.Fake;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Cli.Tests;

/// <summary>
/// `kumo serve` in-process on the fake driver, listening on a loopback port with Kestrel, and the
/// `kumo` CLI run in-process against it as a user runs it: credentials from the clouds.yaml the
/// identity bootstrap wrote (OS_CLOUD=kumo-admin), stdout and stderr captured.
/// </summary>
public sealed class CliCloud : IAsyncDisposable
{
    private readonly string _stateDir;

    private CliCloud(KumoHost host, FakeDriverBehaviour behaviour, string stateDir, string url)
    {
        Host = host;
        Behaviour = behaviour;
        _stateDir = stateDir;
        Url = url;
    }

    public KumoHost Host { get; }

    public FakeDriverBehaviour Behaviour { get; }

    public string Url { get; }

    public string StateDir => _stateDir;

    public string CloudsYaml => Path.Combine(_stateDir, "clouds.yaml");

    /// <param name="stateDir">An existing state directory to start on again (a restart).</param>
    public static async Task<CliCloud> StartAsync(Action<KumoOptions>? configure = null, string? stateDir = null, FakeDriverBehaviour? behaviour = null)
    {
        stateDir ??= Directory.CreateTempSubdirectory("kumo-cli-").FullName;
        var url = $"http://127.0.0.1:{KumoServeLauncher.FreePort()}";
        var options = new KumoOptions { StateDir = stateDir, VirtDriver = "fake" };
        options.Compute.Host = "cli-test";
        options.Api.Listen = url;
        options.Dashboard.Listen = "";
        options.Identity.AdminPassword = "admin-cli-password";
        options.Identity.DemoPassword = "demo-cli-password";
        options.Identity.OpenrcPath = Path.Combine(stateDir, "admin-openrc.sh");
        options.Identity.CloudsYamlPath = Path.Combine(stateDir, "clouds.yaml");
        configure?.Invoke(options);
        behaviour ??= new FakeDriverBehaviour();
        var host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance, new KumoHost.Overrides(Driver: new FakeDriver(behaviour)));
        await DefaultFlavors.EnsureAsync(host.Shared.Stores.Flavors);
        return new CliCloud(host, behaviour, stateDir, url);
    }

    /// <summary>Runs `kumo ARGS` with OS_CLOUD=kumo-admin (unless <paramref name="environment"/> says otherwise).</summary>
    public async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = environment ?? new Dictionary<string, string> { ["OS_CLOUD"] = "kumo-admin", ["OS_CLIENT_CONFIG_FILE"] = CloudsYaml };
        var settings = new CloudSettings(name => variables.TryGetValue(name, out var value) ? value : null, _stateDir, _stateDir);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KumoCommand.Create(settings).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>A small raw image uploaded through the CLI.</summary>
    public async Task<string> CreateImageAsync(string name = "tiny")
    {
        var data = Path.Combine(_stateDir, name + ".raw");
        await File.WriteAllBytesAsync(data, new byte[1024]);
        var result = await RunAsync("image", "create", name, "--file", data, "--disk-format", "raw", "-f", "value", "-c", "id");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Out.Trim();
    }

    /// <summary>Stops the service and leaves its state directory for a restart.</summary>
    public async Task StopAsync() => await Host.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_stateDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing handler; the temp directory is cleaned by the OS.
        }
    }
}

/// <summary>What one `kumo` run gave: its exit code, stdout and stderr.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
