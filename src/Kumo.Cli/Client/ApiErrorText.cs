using Kumo.Client.Errors;

namespace Kumo.Cli.Client;

/// <summary>A failed call as openstackclient prints it: "No server with ... (HTTP 404) (Request-ID: req-...)".</summary>
public static class ApiErrorText
{
    public static string Describe(OpenStackApiException error) => error switch
    {
        ApiUnreachableException unreachable =>
            $"Could not reach {unreachable.Authority}: {unreachable.Reason}. Is kumo serve running? (tools/kumo-service.sh status)",
        { RequestId: null } => $"{error.Message} (HTTP {error.Status})",
        _ => $"{error.Message} (HTTP {error.Status}) (Request-ID: {error.RequestId})",
    };
}
