using System.CommandLine;
using Kumo.Cli;

// No termination handling of System.CommandLine's: it would end `kumo serve` 2 s after SIGTERM,
// cutting off in-flight work that Kumo:ShutdownTimeout allows to finish (the host handles SIGTERM).
return await KumoCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
