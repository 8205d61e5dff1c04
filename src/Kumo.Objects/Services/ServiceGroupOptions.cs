namespace Kumo.Objects.Services;

/// <summary>Heartbeats (Nova's [DEFAULT] report_interval and service_down_time).</summary>
public sealed class ServiceGroupOptions
{
    /// <summary>How often each service writes its heartbeat (Nova's report_interval, 10 s).</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A service not heard from for longer is down (Nova's service_down_time, 60 s).</summary>
    public TimeSpan ServiceDownTime { get; set; } = TimeSpan.FromSeconds(60);
}
