using Kumo.Compute.Api;
using Kumo.Compute.Manager;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Image;
using Kumo.Messaging.Rpc;
using Kumo.Scheduler;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Compute.Tests.Support;

/// <summary>
/// The parts of a running <see cref="KumoHost"/> that compute tests drive or inspect: the compute API
/// as the API unit composed it (calls go over the bus to the conductor and the host), the store, and
/// the units' managers for what only the host side shows.
/// </summary>
public sealed class CloudParts(KumoHost host)
{
    public KumoHost Host => host;

    public KumoOptions Options => host.Shared.Options;

    public KumoStores Stores => host.Shared.Stores;

    public IImageService Images => host.Shared.Images;

    public IMessageBus Bus => host.Shared.Bus;

    public ComputeApi Api { get; } = host.Api.App!.Services.GetRequiredService<ComputeApi>();

    /// <summary>The network service's way to compute (os-server-external-events' path), as a network agent's events take it.</summary>
    public Kumo.Network.Notifiers.INovaNotifier NovaNotifier => host.NovaNotifier;

    /// <summary>The compute host's manager; for tests and diagnostics, never called by the API.</summary>
    public ComputeManager ComputeManager => host.Compute.Manager ?? throw new InvalidOperationException("The compute host has not started.");

    public SchedulerManager Scheduler => host.Scheduler.Manager ?? throw new InvalidOperationException("The scheduler has not started.");
}
