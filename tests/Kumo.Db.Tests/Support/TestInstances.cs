using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Tests.Support;

public static class TestInstances
{
    public static Flavor Flavor(string id = "42", string name = "m1.test") => new()
    {
        Id = id,
        Name = name,
        Vcpus = 2,
        MemoryMb = 2048,
        RootGb = 20,
        EphemeralGb = 5,
        SwapMb = 512,
        IsPublic = false,
        ExtraSpecs = new Dictionary<string, string> { ["hw:cpu_policy"] = "dedicated", ["quota:disk_read_bytes_sec"] = "1000" },
    };

    /// <summary>An instance with every optional field set to a non-default value.</summary>
    public static Instance New(string? host = "compute-1", TaskState? taskState = TaskState.Spawning) => new()
    {
        Uuid = Guid.NewGuid(),
        DisplayName = "web-1",
        Hostname = "web-1",
        ProjectId = "project-a",
        UserId = "user-a",
        Flavor = Flavor(),
        ImageRef = Guid.NewGuid(),
        VmState = VmState.Building,
        TaskState = taskState,
        PowerState = PowerState.Paused,
        Host = host,
        Node = host is null ? null : host + ".node",
        // A non-UTC offset and sub-millisecond ticks: the instant must survive, to the tick.
        LaunchedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(7),
        TerminatedAt = null,
        ReservationId = "r-abc123",
        LaunchIndex = 3,
        KeyName = "mykey",
        KeyData = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests test@kumo",
        ConfigDrive = true,
        InjectedFilePaths = ["/etc/motd", "/root/notes.txt"],
        Metadata = new Dictionary<string, string> { ["role"] = "web", ["tier"] = "front" },
    };
}
