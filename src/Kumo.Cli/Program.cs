using Kumo.Cli;

// Piped output (CI logs, scripts) has no terminal width; 80 columns would wrap every uuid.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

return await KumoCommand.Create().Parse(args).InvokeAsync();
