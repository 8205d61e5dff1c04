using Kumo.Objects.Errors;

namespace Kumo.Compute.Deadlines;

/// <summary>An operation ran past its deadline; the message names the operation, the setting and the step it was in.</summary>
public sealed class OperationTimedOutException(string message, Exception? inner = null) : KumoException(message, inner)
{
    public static string Describe(string operation, TimeSpan limit, string setting, string step) =>
        $"The {operation} did not finish within its deadline of {limit.TotalSeconds:0} s (Compute:Deadlines:{setting}); it ran out of time in {step}.";
}
