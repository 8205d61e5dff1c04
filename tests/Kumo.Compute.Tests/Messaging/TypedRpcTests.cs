using System.Text.Json.Nodes;
using Kumo.Messaging.InProcess;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;

namespace Kumo.Compute.Tests.Messaging;

/// <summary>One request record per method, shared by both sides: what the client sends is exactly what the handler gets.</summary>
public sealed class TypedRpcTests
{
    private sealed record EchoRequest(Guid InstanceUuid, int? Lines, IReadOnlyList<string> Tags);

    private static readonly RpcCall<EchoRequest, EchoRequest> Echo = new("echo");
    private static readonly RpcCast<EchoRequest> Note = new("note");

    [Fact]
    public async Task A_call_and_a_cast_carry_the_record_across_the_bus()
    {
        var bus = new InProcessBus();
        var noted = new TaskCompletionSource<EchoRequest>();
        var endpoint = new RpcDispatcher("test")
            .On(Echo, (_, r, _) => Task.FromResult(r with { Lines = r.Lines + 1 }))
            .On(Note, (_, r, _) =>
            {
                noted.SetResult(r);
                return Task.CompletedTask;
            });
        await using var consumer = bus.Serve("test", endpoint);
        var sent = new EchoRequest(Guid.NewGuid(), 41, ["a", "b"]);

        var reply = await bus.CallAsync("test", Echo, RequestContext.Admin(), sent, TimeSpan.FromSeconds(10));
        await bus.CastAsync("test", Note, RequestContext.Admin(), sent);

        Assert.Equal((sent.InstanceUuid, 42), (reply.InstanceUuid, reply.Lines));
        Assert.Equal(["a", "b"], reply.Tags);
        var received = await noted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(sent.InstanceUuid, received.InstanceUuid);
    }

    [Fact]
    public async Task Arguments_that_do_not_match_the_record_and_unknown_methods_are_refused_by_name()
    {
        var endpoint = new RpcDispatcher("test").On(Echo, (_, r, _) => Task.FromResult(r));
        var drifted = new RpcMessage("echo", RequestContext.Admin(), new JsonObject
        {
            ["instance_uuid"] = Guid.NewGuid().ToString(),
            ["tags"] = new JsonArray(),
            ["instance_id"] = "an argument the record does not have",
        });

        var bad = await Assert.ThrowsAsync<InvalidRequestException>(() => endpoint.DispatchAsync(drifted, CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            endpoint.DispatchAsync(drifted with { Method = "reboot" }, CancellationToken.None));

        Assert.Contains("test.echo has arguments that do not match EchoRequest", bad.Message);
        Assert.Contains("instance_id", bad.Message);
        Assert.Equal("The test service has no method 'reboot'.", unknown.Message);
    }
}
