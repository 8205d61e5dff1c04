using System.Text;

namespace Kumo.Common.Processes;

/// <summary>
/// Collects a command's stdout or stderr up to a cap and drains (discards) the rest, so a command
/// that floods its output (qemu-img on a hostile image, a runaway loop) can neither exhaust the
/// service's memory nor block on a full pipe. Past the cap a marker line says how much was dropped.
/// </summary>
public sealed class BoundedOutput(int maxChars)
{
    private readonly StringBuilder _text = new();
    private long _dropped;

    public async Task ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            lock (_text)
            {
                var keep = Math.Clamp(maxChars - _text.Length, 0, read);
                _text.Append(buffer, 0, keep);
                _dropped += read - keep;
            }
        }
    }

    /// <summary>What was kept so far, with the truncation marker when anything was dropped.</summary>
    public override string ToString()
    {
        lock (_text)
        {
            return _dropped == 0 ? _text.ToString() : $"{_text}\n[output truncated: {_dropped} more characters dropped after the first {maxChars}]\n";
        }
    }
}
