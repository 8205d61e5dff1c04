namespace Kumo.Common.Processes;

/// <summary>
/// Test runner: records every command and answers from scripted responses, or passes the command on to
/// an inner runner (a real one, to record what a test really ran). Unscripted commands succeed with no
/// output. Exit codes are checked exactly as the real runner checks them.
/// </summary>
public sealed class RecordingCommandRunner(ICommandRunner? inner = null) : ICommandRunner
{
    private readonly List<CommandSpec> _commands = [];
    private readonly List<(Func<CommandSpec, bool> Matches, Func<CommandSpec, CommandResult> Respond)> _responses = [];

    /// <summary>Every command run so far, in order.</summary>
    public IReadOnlyList<CommandSpec> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Answers matching commands; the first matching rule, in the order added, wins.</summary>
    public RecordingCommandRunner On(Func<CommandSpec, bool> matches, Func<CommandSpec, CommandResult> respond)
    {
        lock (_responses)
        {
            _responses.Add((matches, respond));
        }
        return this;
    }

    public RecordingCommandRunner On(Func<CommandSpec, bool> matches, CommandResult result) => On(matches, _ => result);

    /// <summary>Answers every run of <paramref name="fileName"/> whose arguments start with <paramref name="argumentsPrefix"/>.</summary>
    public RecordingCommandRunner On(string fileName, IReadOnlyList<string> argumentsPrefix, CommandResult result) =>
        On(spec => spec.FileName == fileName && spec.Arguments.Take(argumentsPrefix.Count).SequenceEqual(argumentsPrefix), result);

    public Task<CommandResult> RunAsync(CommandSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_commands)
        {
            _commands.Add(spec);
        }
        var respond = FindResponse(spec);
        if (respond is null && inner is not null)
        {
            return inner.RunAsync(spec, cancellationToken);
        }
        var result = respond?.Invoke(spec) ?? CommandResult.Success();
        return Task.FromResult(result.EnsureSuccess(spec));
    }

    private Func<CommandSpec, CommandResult>? FindResponse(CommandSpec spec)
    {
        lock (_responses)
        {
            return _responses.FirstOrDefault(r => r.Matches(spec)).Respond;
        }
    }
}
