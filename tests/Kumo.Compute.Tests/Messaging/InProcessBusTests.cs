using System.Text.Json.Nodes;
using Kumo.Messaging.InProcess;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;

namespace Kumo.Compute.Tests.Messaging;

public sealed class InProcessBusTests
{
    private sealed class Echo(Func<RpcMessage, Task<JsonNode?>> handler) : IRpcEndpoint
    {
        public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken) => handler(message);
    }

    private static RpcMessage Message(string method, JsonObject? args = null) =>
        new(method, new RequestContext("req-1", "u", "p"), args ?? []);

    [Fact]
    public async Task A_call_returns_the_endpoint_result_and_carries_context_and_args()
    {
        var bus = new InProcessBus();
        await using var _ = bus.Serve("compute.h1", new Echo(m => Task.FromResult<JsonNode?>(JsonValue.Create($"{m.Method}:{m.Context.RequestId}:{m.Args["x"]}"))));
        var result = await bus.CallAsync("compute.h1", Message("ping", new JsonObject { ["x"] = 42 }), TimeSpan.FromSeconds(5));
        Assert.Equal("ping:req-1:42", result!.GetValue<string>());
    }

    [Fact]
    public async Task A_remote_failure_comes_back_typed_with_its_code()
    {
        var bus = new InProcessBus();
        await using var _ = bus.Serve("t", new Echo(_ => throw new InstanceNotFoundException(Guid.Empty)));
        var ex = await Assert.ThrowsAsync<RemoteErrorException>(() => bus.CallAsync("t", Message("get"), TimeSpan.FromSeconds(5)));
        Assert.Equal(nameof(InstanceNotFoundException), ex.ExceptionType);
        Assert.Equal(404, ex.Code);
    }

    [Fact]
    public async Task A_call_nobody_answers_times_out()
    {
        var bus = new InProcessBus();
        var ex = await Assert.ThrowsAsync<MessagingTimeoutException>(() => bus.CallAsync("nobody", Message("get"), TimeSpan.FromMilliseconds(100)));
        Assert.Contains("nobody", ex.Message);
    }

    [Fact]
    public async Task Casts_go_only_to_their_topic_and_stopping_a_consumer_finishes_everything_already_sent()
    {
        var bus = new InProcessBus();
        int finished = 0, other = 0;
        var slow = new Echo(async _ => { await Task.Delay(30); Interlocked.Increment(ref finished); return null; });
        var consumer = bus.Serve("compute.h1", slow);
        await using var h2 = bus.Serve("compute.h2", new Echo(_ => { Interlocked.Increment(ref other); return Task.FromResult<JsonNode?>(null); }));
        for (var i = 0; i < 5; i++)
        {
            await bus.CastAsync("compute.h1", Message("build"));
        }

        // Stop at once, as a CLI process does right after its cast: nothing sent may be lost.
        await consumer.DisposeAsync();

        Assert.Equal(5, Volatile.Read(ref finished));
        Assert.Equal(0, other);
    }
}
