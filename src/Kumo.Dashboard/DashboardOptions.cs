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
    /// One poll per session whatever the number of open tabs; 1 s keeps a state change on screen within ~1 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => Listen.Length > 0;
}
