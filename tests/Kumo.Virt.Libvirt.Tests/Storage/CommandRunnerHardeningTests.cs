using Kumo.Common.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Storage;

/// <summary>Host commands cannot flood the service with output, outlive it, or run unbounded on untrusted input.</summary>
public sealed class CommandRunnerHardeningTests
{
    [Fact]
    public async Task Output_beyond_the_cap_is_dropped_and_said_so_on_both_streams()
    {
        var runner = new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance);

        var result = await runner.RunAsync(new CommandSpec("/bin/sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2")
        {
            MaxOutputChars = 100_000,
        });

        Assert.StartsWith(new string('a', 100_000) + "\n[output truncated: 2900000 more characters dropped", result.StdOut);
        Assert.True(result.StdOut.Length < 100_200);
        Assert.StartsWith(new string('b', 100_000) + "\n[output truncated: 2900000 more characters dropped", result.StdErr);
    }

    [Fact]
    public async Task Running_commands_are_killed_with_their_children_when_the_service_stops()
    {
        var children = new ChildProcesses();
        var runner = new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance, children);
        var marker = $"kumo-child-{Guid.NewGuid():N}";
        // A shell that forks a long sleep: both must go (the tree, not just the direct child).
        var run = runner.RunAsync(new CommandSpec("/bin/sh", "-c", $"sleep 300 & echo {marker}; wait") { Timeout = TimeSpan.FromMinutes(10) });
        await WaitAsync(() => children.Count == 1);

        Assert.Equal(1, children.KillAll());

        var error = await Assert.ThrowsAsync<HostCommandException>(() => run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(137, error.ExitCode);
        Assert.Equal(0, children.Count);
    }

    [Fact]
    public async Task Untrusted_input_commands_run_under_1_GiB_of_address_space_and_30_s_of_cpu()
    {
        var runner = new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance);

        var result = await runner.RunAsync(UntrustedInputLimits.Apply(new CommandSpec("/bin/sh", "-c", "ulimit -v; ulimit -t")));

        Assert.Equal("1048576\n30\n", result.StdOut);
    }

    [Fact]
    public async Task A_command_that_allocates_past_the_address_space_limit_fails_instead_of_growing()
    {
        var runner = new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance);

        // 1.5 GiB in one allocation: refused by the kernel under the limit.
        var result = await runner.RunAsync(UntrustedInputLimits.Apply(
            new CommandSpec("/usr/bin/python3", "-c", "b = bytearray(1536 * 1024 * 1024)") { CheckExitCode = false }));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MemoryError", result.StdErr);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
