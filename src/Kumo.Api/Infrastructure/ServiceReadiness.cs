namespace Kumo.Api.Infrastructure;

/// <summary>
/// What GET /healthcheck reports: 200 only once every unit of the process has started (init_host
/// done, consumers listening), 503 before that and from the moment the process begins to stop, so a
/// load balancer or `kumo-service.sh` never sends work to a service that cannot take it.
/// </summary>
public sealed class ServiceReadiness
{
    private volatile string _state = "starting";

    public bool IsReady => _state == "ready";

    public string State => _state;

    public void MarkReady()
    {
        if (_state == "starting")
        {
            _state = "ready";
        }
    }

    public void MarkStopping() => _state = "stopping";
}
