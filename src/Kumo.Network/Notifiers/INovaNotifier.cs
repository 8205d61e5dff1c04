using Kumo.Objects.Events;

namespace Kumo.Network.Notifiers;

/// <summary>
/// How the network service tells compute about its ports (Neutron's nova notifier): the events go
/// through Nova's os-server-external-events path, which routes each to the server's compute host.
/// The deployment supplies the implementation (in-process: the compute API's external events call).
/// </summary>
public interface INovaNotifier
{
    Task SendEventsAsync(IReadOnlyList<ExternalInstanceEvent> events, CancellationToken cancellationToken = default);
}
