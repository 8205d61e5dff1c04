using System.CommandLine;

namespace Kumo.Cli.Output;

/// <summary>cliff's -f/--format and -c/--column, on every command that prints a list or an object.</summary>
public static class OutputOptions
{
    public static readonly string[] Formats = ["table", "json", "value", "yaml"];

    public static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "The output format: table, json, value or yaml",
        DefaultValueFactory = _ => "table",
    };

    public static readonly Option<string[]> Column = new("--column", "-c")
    {
        Description = "Show only this column (repeat for more)",
        AllowMultipleArgumentsPerToken = false,
    };

    static OutputOptions()
    {
        Format.AcceptOnlyFromAmong(Formats);
    }

    public static T AddTo<T>(T command) where T : Command
    {
        command.Options.Add(Format);
        command.Options.Add(Column);
        return command;
    }
}
