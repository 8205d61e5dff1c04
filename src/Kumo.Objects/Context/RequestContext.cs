namespace Kumo.Objects.Context;

/// <summary>Who asks and under which request id; travels with every RPC message, as Nova's context does.</summary>
public sealed record RequestContext(string RequestId, string UserId, string ProjectId, bool IsAdmin = false)
{
    public static RequestContext Admin() => new(NewRequestId(), "admin", "admin", IsAdmin: true);

    public static string NewRequestId() => "req-" + Guid.NewGuid().ToString();
}
