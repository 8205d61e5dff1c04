namespace Kumo.Objects.Instances;

/// <summary>Nova's power_state, with Nova's numeric values (what the API shows as OS-EXT-STS:power_state).</summary>
public enum PowerState
{
    NoState = 0,
    Running = 1,
    Paused = 3,
    Shutdown = 4,
    Crashed = 6,
    Suspended = 7,
}
