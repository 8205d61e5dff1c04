using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>The build's steps are events of the create action, each with its own start and finish (issue 13's build timeline).</summary>
public sealed class BuildTimelineTests() : ApiCloudTest(TestClients.Alice | TestClients.Admin)
{
    private static readonly string[] s_managerSteps = ["compute_build_claim", "compute_build_allocate_network", "compute_build_spawn"];

    [Fact]
    public async Task The_create_action_lists_each_build_step_with_its_times_inside_the_build_event()
    {
        var id = await Alice.CreateServerAsync(Cloud, "timed");
        await Alice.WaitForStatusAsync(id, "ACTIVE");
        var listed = await Admin.WaitForActionAsync(id, "create");

        var (status, body) = await Admin.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions/{listed["request_id"]}");
        Assert.Equal(HttpStatusCode.OK, status);
        var events = body!["instanceAction"]!["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var build = events.Single(e => (string?)e["event"] == "compute_build_and_run_instance");
        var steps = s_managerSteps.Select(name => events.SingleOrDefault(e => (string?)e["event"] == name)
            ?? throw new Xunit.Sdk.XunitException($"no {name} event in [{string.Join(", ", events.Select(e => (string?)e["event"]))}]")).ToList();

        foreach (var step in steps)
        {
            Assert.Equal(["event", "finish_time", "result", "start_time", "traceback"], step.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal("Success", (string?)step["result"]);
            Assert.True(Time(step, "start_time") <= Time(step, "finish_time"), $"{step["event"]} finishes before it starts");
            Assert.InRange(Time(step, "start_time"), Time(build, "start_time"), Time(build, "finish_time"));
            Assert.InRange(Time(step, "finish_time"), Time(build, "start_time"), Time(build, "finish_time"));
        }
        // Claim, then the network, then the spawn: each starts once the one before has finished.
        Assert.True(Time(steps[0], "finish_time") <= Time(steps[1], "start_time"));
        Assert.True(Time(steps[1], "finish_time") <= Time(steps[2], "start_time"));
        // Newest first, as Nova lists an action's events: the build's own event started before its steps, so it comes after them.
        Assert.All(steps, step => Assert.True(events.IndexOf(step) < events.IndexOf(build), $"{step["event"]} is listed after the build event"));
    }

    [Fact]
    public async Task A_failed_spawn_records_its_step_as_error_and_the_steps_before_it_as_success()
    {
        Cloud.Driver.Behaviour.SpawnFailure = instance => instance.DisplayName == "doomed" ? new InvalidOperationException("the disk is on fire") : null;
        var id = await Alice.CreateServerAsync(Cloud, "doomed");
        await Alice.WaitForStatusAsync(id, "ERROR");
        var action = await Admin.WaitForActionAsync(id, "create");

        // One host: the attempt's steps once; the conductor's schedule events (the first, then the
        // refused reschedule) appear twice, so only the compute's own events are read by name.
        var results = action["events"]!.AsArray().Where(e => ((string)e!["event"]!).StartsWith("compute_", StringComparison.Ordinal))
            .ToDictionary(e => (string)e!["event"]!, e => (string?)e!["result"]);
        Assert.Equal("Success", results["compute_build_claim"]);
        Assert.Equal("Success", results["compute_build_allocate_network"]);
        Assert.Equal("Error", results["compute_build_spawn"]);
        Assert.Equal("Error", results["compute_build_and_run_instance"]);
    }

    private static DateTime Time(JsonObject e, string field) =>
        DateTime.ParseExact((string)e[field]!, "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
