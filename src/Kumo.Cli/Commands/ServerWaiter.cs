using System.Text.Json.Nodes;
using Kumo.Cli.Client;
using Kumo.Client.Errors;

namespace Kumo.Cli.Commands;

/// <summary>--wait: polls the server until it reaches a status, ends in ERROR, or is gone; never without end.</summary>
internal static class ServerWaiter
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<JsonObject> WaitForStatusAsync(ComputeClient compute, string id, string status, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        JsonObject? last = null;
        try
        {
            while (true)
            {
                last = await compute.GetServerAsync(id, deadline.Token);
                var now = (string?)last["status"];
                // A task state still set means the action is not over (e.g. ACTIVE/rebooting).
                var busy = last["OS-EXT-STS:task_state"] is JsonValue task && task.TryGetValue<string>(out var t) && t.Length > 0;
                if ((now == status && !busy) || now == "ERROR")
                {
                    return last;
                }
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Server {id} is still {(string?)last?["status"] ?? "unknown"} after {timeout.TotalSeconds:0} s (waiting for {status}).");
        }
    }

    public static async Task WaitForDeletedAsync(ComputeClient compute, string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                try
                {
                    var server = await compute.GetServerAsync(id, deadline.Token);
                    if ((string?)server["status"] is "DELETED" or "SOFT_DELETED")
                    {
                        return;
                    }
                }
                catch (OpenStackApiException ex) when (ex.Status == 404)
                {
                    return;
                }
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Server {id} is still there after {timeout.TotalSeconds:0} s.");
        }
    }
}
