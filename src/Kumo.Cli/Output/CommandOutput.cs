using System.CommandLine;

namespace Kumo.Cli.Output;

/// <summary>Where a command writes (System.CommandLine's configured writers, so tests capture them) and how (-f, -c).</summary>
public sealed record CommandOutput(TextWriter Out, TextWriter Error, Formatter Formatter)
{
    public static CommandOutput From(ParseResult parse)
    {
        var format = parse.GetResult(OutputOptions.Format) is null ? "table" : parse.GetValue(OutputOptions.Format) ?? "table";
        var columns = parse.GetResult(OutputOptions.Column) is null ? [] : parse.GetValue(OutputOptions.Column) ?? [];
        return new CommandOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, new Formatter(format, columns));
    }

    public void Write(Listing listing) => Formatter.Write(Out, listing);

    public void Write(ShowOne show) => Formatter.Write(Out, show);
}
