using Kumo.Cli;

return await KumoCommand.Create().Parse(args).InvokeAsync();
