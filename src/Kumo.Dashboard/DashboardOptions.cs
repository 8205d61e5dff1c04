namespace Kumo.Dashboard;

/// <summary>The dashboard's settings (the Dashboard section of kumo.json).</summary>
public sealed class DashboardOptions
{
    /// <summary>Where the dashboard's own listener binds; empty turns the dashboard off. Loopback by default.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The API the dashboard is a client of; empty means the API's own listen URL.</summary>
    public string ApiUrl { get; set; } = "";

    /// <summary>
    /// How often one session's live view asks the API for changed servers (GET /servers/detail?changes-since).
    /// One poll per session whatever the number of open tabs, each a changes-since query that returns
    /// only what changed; 0.5 s keeps a change on screen within the 500 ms aimed at (ui.status_latency_ms).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public bool Enabled => Listen.Length > 0;
}
