using System.Diagnostics;
using Kumo.Common.Processes;
using Kumo.Virt.Libvirt.Designer;
using Kumo.Virt.Libvirt.Driver;
using Kumo.Virt.Libvirt.Host;
using Kumo.Virt.Libvirt.Storage;
using Kumo.Virt.Libvirt.Tests.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Driver;

/// <summary>init_host while libvirtd is not answering: a bounded wait, logged with what to do, then a clear failure.</summary>
public sealed class InitHostTests : IDisposable
{
    private readonly TempDirectory _instances = new();
    private readonly RecordingLogger _log = new();

    public void Dispose() => _instances.Dispose();

    private LibvirtDriver Driver(string uri, int waitSeconds)
    {
        var images = new FakeImageService();
        return new LibvirtDriver(new LibvirtOptions { ConnectionUri = uri, ConnectWaitSeconds = waitSeconds, InstancesPath = _instances.Path }, images,
            new ImageCache(_instances.Path, images, TimeProvider.System, NullLogger<ImageCache>.Instance),
            new DiskBuilder(new RecordingCommandRunner(), NullLogger<DiskBuilder>.Instance), new DomainDesigner(new DomainDesignerOptions()), _log);
    }

    [Fact]
    public async Task Without_libvirtd_init_host_keeps_trying_for_its_wait_then_fails_saying_how_to_start_it()
    {
        // A socket nobody listens on: what qemu:///system is while libvirtd is stopped.
        var uri = $"qemu+unix:///system?socket={_instances.Combine("no-libvirtd.sock")}";
        using var driver = Driver(uri, waitSeconds: 2);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HypervisorUnavailableException>(() => driver.InitHostAsync("init-host-test"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.StartsWith($"libvirtd is not answering on {uri} (", error.Message);
        Assert.Contains("start it with tools/setup-host.sh", error.Message);
        Assert.Equal(503, error.Code);
        var retries = _log.Warnings.Where(m => m.StartsWith($"libvirtd is not answering on {uri}", StringComparison.Ordinal)).ToList();
        Assert.True(retries.Count >= 2, $"tried again at least twice within the 2 s wait, logged: {string.Join(" | ", _log.Warnings)}");
        Assert.All(retries, m => Assert.Contains("start it with tools/setup-host.sh", m));
        Assert.Throws<InvalidOperationException>(driver.GetAvailableResources);
    }

    [Fact]
    public async Task A_uri_no_libvirt_driver_accepts_fails_at_once_without_waiting()
    {
        using var driver = Driver("nosuchdriver:///x", waitSeconds: 60);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LibvirtException>(() => driver.InitHostAsync("init-host-test"));

        Assert.False(error.IsTransient);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"failed after {clock.Elapsed}");
        Assert.Empty(_log.Warnings);
    }

    private sealed class RecordingLogger : ILogger<LibvirtDriver>
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return [.. _warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
