using Spectre.Console;

namespace Kumo.Cli.Tests;

/// <summary>Runs `kumo` in-process on a state directory of its own (fake driver) and captures what it prints.</summary>
public sealed class KumoCli : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kumo-cli-").FullName;

    public KumoCli()
    {
        ConfigFile = Path.Combine(_stateDir, "kumo.json");
        File.WriteAllText(ConfigFile, $$"""
            { "StateDir": "{{_stateDir}}", "VirtDriver": "fake", "Compute": { "Host": "cli-test" } }
            """);
    }

    public string ConfigFile { get; }

    public string StateDir => _stateDir;

    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 250;
        var previousConsole = AnsiConsole.Console;
        var previousOut = Console.Out;
        AnsiConsole.Console = console;
        Console.SetOut(output);
        try
        {
            var code = await KumoCommand.Create().Parse(["--config", ConfigFile, .. args]).InvokeAsync();
            return (code, output.ToString());
        }
        finally
        {
            AnsiConsole.Console = previousConsole;
            Console.SetOut(previousOut);
        }
    }

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);
}
