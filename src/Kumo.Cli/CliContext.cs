using System.CommandLine;
using Kumo.Cli.Client;
using Kumo.Cli.Output;
using Kumo.Client.Errors;
using Kumo.Client.Http;

namespace Kumo.Cli;

/// <summary>
/// What every client command shares: the --os-* options, the login, the output writers, and one
/// error path (the API's message on stderr, exit 1, never a stack trace).
/// </summary>
public sealed class CliContext(CloudSettings settings, HttpMessageHandler? handler = null)
{
    public static readonly Option<string?> ConfigOption = new("--config") { Description = "Path of kumo.json (default: $KUMO_CONFIG or /etc/kumo/kumo.json)", Recursive = true };

    public static readonly Option<bool> VerboseOption = new("--verbose", "-v") { Description = "Log more (kumo serve: Debug level)", Recursive = true };

    private static readonly Option<string?> _cloud = Os("cloud", "Cloud name in clouds.yaml (default: $OS_CLOUD)");
    private static readonly Option<string?> _authUrl = Os("auth-url", "Keystone URL (default: $OS_AUTH_URL)");
    private static readonly Option<string?> _username = Os("username", "User name (default: $OS_USERNAME)");
    private static readonly Option<string?> _password = Os("password", "Password (default: $OS_PASSWORD)");
    private static readonly Option<string?> _projectName = Os("project-name", "Project to scope the token to (default: $OS_PROJECT_NAME)");
    private static readonly Option<string?> _userDomain = Os("user-domain-name", "The user's domain (default: $OS_USER_DOMAIN_NAME, Default)");
    private static readonly Option<string?> _projectDomain = Os("project-domain-name", "The project's domain (default: $OS_PROJECT_DOMAIN_NAME, Default)");
    private static readonly Option<string?> _region = Os("region-name", "Region of the endpoints (default: $OS_REGION_NAME)");
    private static readonly Option<string?> _interface = Os("interface", "Endpoint interface: public, internal, admin (default: public)");

    public static IEnumerable<Option> GlobalOptions => [ConfigOption, VerboseOption, _cloud, _authUrl, _username, _password, _projectName, _userDomain, _projectDomain, _region, _interface];

    public CloudSettings Settings => settings;

    private static Option<string?> Os(string name, string description) => new("--os-" + name) { Description = description, Recursive = true };

    /// <summary>Logs in, runs the command against the API and maps every failure to a message and exit 1.</summary>
    public Task<int> RunAsync(ParseResult parse, Func<CloudApi, CommandOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(parse, async output =>
        {
            var given = new CredentialSources.Overrides(parse.GetValue(_cloud), parse.GetValue(_authUrl), parse.GetValue(_username), parse.GetValue(_password),
                parse.GetValue(_projectName), parse.GetValue(_userDomain), parse.GetValue(_projectDomain), parse.GetValue(_region), parse.GetValue(_interface));
            var credentials = CredentialSources.Resolve(given, settings);
            using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            http.Timeout = Timeout.InfiniteTimeSpan;
            var api = await CloudApi.LoginAsync(new OpenStackHttp(http), credentials, cancellationToken);
            return await body(api, output, cancellationToken);
        });

    /// <summary>The error path alone, for commands that run locally (kumo host inventory).</summary>
    public static async Task<int> GuardAsync(ParseResult parse, Func<CommandOutput, Task<int>> body)
    {
        var output = CommandOutput.From(parse);
        try
        {
            return await body(output);
        }
        catch (Exception ex) when (ex is OpenStackApiException or CliException or TimeoutException or ArgumentException or FileNotFoundException or IOException
            or UnauthorizedAccessException)
        {
            var message = ex is OpenStackApiException api ? ApiErrorText.Describe(api) : ex.Message;
            await output.Error.WriteLineAsync(TerminalText.Safe(message));
            return 1;
        }
    }
}
