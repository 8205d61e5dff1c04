using Kumo.Common.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Storage;

/// <summary>
/// The host command runner (Kumo.Common has no test project yet; these live beside its first user,
/// the disk builder, until one exists).
/// </summary>
public sealed class CommandRunnerTests
{
    private readonly ProcessCommandRunner _runner = new(NullLogger<ProcessCommandRunner>.Instance);

    [Fact]
    public async Task Output_exit_code_and_duration_are_captured()
    {
        var result = await _runner.RunAsync(new CommandSpec("sh", "-c", "echo out; echo err >&2"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out\n", result.StdOut);
        Assert.Equal("err\n", result.StdErr);
        Assert.True(result.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Arguments_are_passed_verbatim_without_a_shell()
    {
        var result = await _runner.RunAsync(new CommandSpec("printf", "%s|", "a b", "$HOME", "'q'", ";ls"));

        Assert.Equal("a b|$HOME|'q'|;ls|", result.StdOut);
    }

    [Fact]
    public async Task Non_zero_exit_throws_with_command_exit_code_and_stderr()
    {
        var error = await Assert.ThrowsAsync<HostCommandException>(
            () => _runner.RunAsync(new CommandSpec("sh", "-c", "echo 'no such bridge' >&2; exit 3")));

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("no such bridge\n", error.StdErr);
        Assert.Equal("Command 'sh -c 'echo '\\''no such bridge'\\'' >&2; exit 3'' failed with exit code 3: no such bridge", error.Message);
        Assert.False(error.TimedOut);
    }

    [Fact]
    public async Task Unchecked_exit_code_is_returned()
    {
        var result = await _runner.RunAsync(new CommandSpec("sh", "-c", "exit 2") { CheckExitCode = false });

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Standard_input_is_written_and_closed()
    {
        var result = await _runner.RunAsync(new CommandSpec("cat") { StandardInput = "*filter\nCOMMIT\n" });

        Assert.Equal("*filter\nCOMMIT\n", result.StdOut);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_process_tree()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"kumo-runner-{Guid.NewGuid():N}");
        try
        {
            var spec = new CommandSpec("sh", "-c", $"sleep 300 & echo $! > {pidFile}; echo started >&2; wait")
            {
                // Long enough for sh to start and write its pid on a loaded CI machine.
                Timeout = TimeSpan.FromSeconds(3),
            };

            var error = await Assert.ThrowsAsync<HostCommandException>(() => _runner.RunAsync(spec));

            Assert.True(error.TimedOut);
            Assert.Null(error.ExitCode);
            Assert.Contains("started", error.StdErr, StringComparison.Ordinal);
            var grandchild = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await IsGoneAsync(grandchild), $"sleep {grandchild} survived the timeout");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Cancellation_kills_the_command_and_throws_operation_cancelled()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"kumo-runner-{Guid.NewGuid():N}");
        try
        {
            using var cancel = new CancellationTokenSource();
            var run = _runner.RunAsync(new CommandSpec("sh", "-c", $"echo $$ > {pidFile}; exec sleep 300"), cancel.Token);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the command never started");
                await Task.Delay(10);
            }
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await IsGoneAsync(pid), $"sleep {pid} survived the cancellation");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Missing_program_fails_as_a_host_command_error()
    {
        var error = await Assert.ThrowsAsync<HostCommandException>(
            () => _runner.RunAsync(new CommandSpec("kumo-no-such-program", "x")));

        Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_runner_records_and_answers_from_its_script()
    {
        var recording = new RecordingCommandRunner()
            .On("ovs-vsctl", ["br-exists"], CommandResult.Failure(2, "no bridge"))
            .On(spec => spec.FileName == "ip", CommandResult.Success("link ok"));

        var ip = await recording.RunAsync(new CommandSpec("ip", "link", "show"));
        var unscripted = await recording.RunAsync(new CommandSpec("true"));
        var error = await Assert.ThrowsAsync<HostCommandException>(
            () => recording.RunAsync(new CommandSpec("ovs-vsctl", "br-exists", "br-int")));
        var unchecked_ = await recording.RunAsync(new CommandSpec("ovs-vsctl", "br-exists", "br-x") { CheckExitCode = false });

        Assert.Equal("link ok", ip.StdOut);
        Assert.Equal(0, unscripted.ExitCode);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(2, unchecked_.ExitCode);
        Assert.Equal(["ip link show", "true", "ovs-vsctl br-exists br-int", "ovs-vsctl br-exists br-x"], recording.Commands.Select(c => c.CommandLine));
    }

    /// <summary>Gone, or a zombie waiting for this sandbox's slow PID 1 to reap it (it is dead either way).</summary>
    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }
            try
            {
                var fields = (await File.ReadAllTextAsync(stat)).Split(") ")[1];
                if (fields.StartsWith('Z') || fields.StartsWith('X'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
