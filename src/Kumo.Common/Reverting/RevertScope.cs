namespace Kumo.Common.Reverting;

/// <summary>
/// Undo registry for multi-step side effects (after Incus' revert package): register each undo right
/// after its side effect happens; unless <see cref="Commit"/> is called, disposing runs them in reverse.
/// An undo that fails is reported to <c>onUndoError</c> and the rest still run, so one stuck resource
/// never leaks the others.
/// </summary>
public sealed class RevertScope(Action<string, Exception>? onUndoError = null) : IAsyncDisposable
{
    private readonly Stack<(string What, Func<Task> Undo)> _undos = new();
    private bool _committed;

    public void Add(string what, Func<Task> undo) => _undos.Push((what, undo));

    public void Add(string what, Action undo) => _undos.Push((what, () => { undo(); return Task.CompletedTask; }));

    public void Commit() => _committed = true;

    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }
        while (_undos.TryPop(out var entry))
        {
            try
            {
                await entry.Undo();
            }
            catch (Exception ex)
            {
                onUndoError?.Invoke(entry.What, ex);
            }
        }
    }
}
