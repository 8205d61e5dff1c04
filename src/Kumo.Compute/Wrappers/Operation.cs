namespace Kumo.Compute.Wrappers;

/// <summary>One compute operation on an instance, as a composable unit (what Nova decorates).</summary>
public delegate Task Operation();

/// <summary>Wraps an operation with a cross-cutting behaviour (one of Nova's decorators).</summary>
public delegate Operation OperationWrapper(Operation next);

public static class OperationExtensions
{
    /// <summary>
    /// Applies wrappers listed outermost first, the order Nova's decorators are written in above a
    /// method, so the call site reads like the decorated function it replaces.
    /// </summary>
    public static Operation With(this Operation operation, params OperationWrapper[] outermostFirst)
    {
        var wrapped = operation;
        for (var i = outermostFirst.Length - 1; i >= 0; i--)
        {
            wrapped = outermostFirst[i](wrapped);
        }
        return wrapped;
    }
}
