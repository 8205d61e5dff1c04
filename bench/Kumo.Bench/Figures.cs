using System.Globalization;

namespace Kumo.Bench;

/// <summary>
/// The figures of a run, printed last as plain <c>name: value</c> lines: easy to diff between runs
/// and to grep, unlike the tables above them. Figures are reported, never asserted.
/// </summary>
internal sealed class Figures
{
    private readonly List<(string Name, string Value)> _figures = [];

    public void Add(string name, double value, int decimals) =>
        _figures.Add((name, double.IsNaN(value) ? "n/a" : value.ToString("F" + decimals, CultureInfo.InvariantCulture)));

    public void Add(string name, long value) => _figures.Add((name, value.ToString(CultureInfo.InvariantCulture)));

    public void Print(TextWriter output)
    {
        foreach (var (name, value) in _figures)
        {
            output.WriteLine($"{name}: {value}");
        }
    }
}
