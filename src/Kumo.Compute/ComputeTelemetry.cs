using System.Diagnostics;

namespace Kumo.Compute;

/// <summary>Spans around the compute manager's steps (build, claim, network, spawn, terminate).</summary>
public static class ComputeTelemetry
{
    public static readonly ActivitySource Source = new("Kumo.Compute");

    public static Activity? Start(string name, Guid instanceUuid) =>
        Source.StartActivity(name)?.SetTag("kumo.instance_uuid", instanceUuid.ToString());
}
