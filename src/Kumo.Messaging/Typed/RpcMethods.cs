namespace Kumo.Messaging.Typed;

/// <summary>
/// A fire-and-forget RPC method (oslo's cast) and its one request record. The client sends and the
/// endpoint receives the same <typeparamref name="TRequest"/>, so the two sides cannot disagree on
/// argument names: declare it once, next to the service's other methods, e.g.
/// <c>public static readonly RpcCast&lt;StopInstanceRequest&gt; StopInstance = new("stop_instance");</c>
/// </summary>
public sealed record RpcCast<TRequest>(string Name)
    where TRequest : class;

/// <summary>A method whose caller waits for a <typeparamref name="TResult"/> (oslo's call, with a timeout).</summary>
public sealed record RpcCall<TRequest, TResult>(string Name)
    where TRequest : class;
