using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kumo.EndToEndTests.Soak;

/// <summary>
/// One real server's life in the soak, through the REST API: create on the soak's network, settle (ACTIVE, the
/// guest's own DHCP line naming its port's address; or ERROR with a fault), random stop/start/reboot actions
/// (each completes with the state it must end in, or is refused with 409 naming a state the action is not
/// allowed from), then the delete, which must complete. What was made is remembered for the leftover check.
/// </summary>
public sealed partial class GuestSoak(HttpClient client, Guid image, string networkId)
{
    public const int ActionsPerServer = 2;

    private static readonly string[] _actions = ["stop", "start", "reboot-soft", "reboot-hard"];

    /// <summary>Nova's check_instance_state lists (compute/api.py): the vm_states each action may start from.</summary>
    private static readonly Dictionary<string, string[]> _allowedFrom = new(StringComparer.Ordinal)
    {
        ["stop"] = ["active", "error"],
        ["start"] = ["stopped"],
        ["reboot-soft"] = ["active"],
        ["reboot-hard"] = ["active", "stopped", "paused", "suspended", "error"],
    };

    private int _active;
    private int _errors;
    private int _completed;
    private int _refused;

    public int Active => _active;
    public int Errors => _errors;
    public int Completed => _completed;
    public int Refused => _refused;

    /// <summary>Every server, port and MAC the soak made (ids as the inventory names owners).</summary>
    public ConcurrentBag<string> Ids { get; } = [];

    public ConcurrentBag<string> Macs { get; } = [];

    /// <summary>The fault of each server that ended ERROR, for the test's output.</summary>
    public ConcurrentBag<string> Faults { get; } = [];

    /// <summary>The warm-up's life: every action once, in an order where none is refused (each code path runs before the baseline).</summary>
    public Task WarmUpAsync(string name) => LifecycleAsync(name, ["stop", "start", "reboot-soft", "reboot-hard"]);

    public Task LifecycleAsync(string name) =>
        LifecycleAsync(name, [.. Enumerable.Range(0, ActionsPerServer).Select(_ => _actions[Random.Shared.Next(_actions.Length)])]);

    private async Task LifecycleAsync(string name, string[] actions)
    {
        var id = await client.CreateServerOnNetworkAsync(name, image, networkId);
        Ids.Add(id.ToString());
        var server = await SettledAsync(id);
        if ((string?)server["status"] == "ERROR")
        {
            Assert.True(server["fault"]?["message"] is not null, $"{name} is ERROR without a fault: {server.ToJsonString()}");
            Faults.Add($"{name}: {server["fault"]!["message"]}");
            Interlocked.Increment(ref _errors);
        }
        else
        {
            Assert.True((string?)server["status"] == "ACTIVE", $"{name} settled {server["status"]}: {server.ToJsonString()}");
            Interlocked.Increment(ref _active);
            await GuestHasItsAddressAsync(id);
            foreach (var action in actions)
            {
                await ActAsync(id, action);
            }
        }
        await ServerRequests.DeleteAsync(client, id);
    }

    /// <summary>The guest's udhcpc got its port's address from the network's dnsmasq (KUMO-GUEST-NET, tools/guest).</summary>
    private async Task GuestHasItsAddressAsync(Guid id)
    {
        using var ports = await client.GetAsync($"/network/v2.0/ports?device_id={id}");
        var port = Assert.Single((await ports.Content.ReadFromJsonAsync<JsonObject>())!["ports"]!.AsArray())!;
        Ids.Add((string)port["id"]!);
        Macs.Add((string)port["mac_address"]!);
        var ip = (string)port["fixed_ips"]![0]!["ip_address"]!;
        string console;
        try
        {
            console = await client.WaitForConsoleAsync(id, "KUMO-GUEST-NET ip=", LibvirtCloud.BootTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} It shows:\n{await ConsoleTailAsync(id)}", ex);
        }
        var at = console.IndexOf("KUMO-GUEST-NET ip=", StringComparison.Ordinal) + "KUMO-GUEST-NET ip=".Length;
        Assert.Equal(ip, console[at..console.IndexOf('\n', at)].Trim());
    }

    private async Task<string> ConsoleTailAsync(Guid id)
    {
        using var response = await client.PostAsJsonAsync($"/compute/v2.1/servers/{id}/action",
            new JsonObject { ["os-getConsoleOutput"] = new JsonObject { ["length"] = 30 } });
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private async Task ActAsync(Guid id, string action)
    {
        JsonObject body = action switch
        {
            "stop" => new JsonObject { ["os-stop"] = null },
            "start" => new JsonObject { ["os-start"] = null },
            "reboot-soft" => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "SOFT" } },
            _ => new JsonObject { ["reboot"] = new JsonObject { ["type"] = "HARD" } },
        };
        using var response = await client.PostAsJsonAsync($"/compute/v2.1/servers/{id}/action", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // "Cannot 'start' instance … while it is in vm_state active": the state found must be one the action is not allowed from.
            var found = RefusedState().Match(text);
            Assert.True(found.Success, $"{action} of {id}: 409 that names no state: {text}");
            var (attribute, state) = (found.Groups[1].Value, found.Groups[2].Value);
            Assert.True(attribute == "task_state" || !_allowedFrom[action].Contains(state),
                $"{action} of {id} was refused in vm_state {state}, which Nova allows it from: {text}");
            Interlocked.Increment(ref _refused);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{action} of {id}: {(int)response.StatusCode} {text}");
        var server = await SettledAsync(id);
        var expected = action == "stop" ? "SHUTOFF" : "ACTIVE";
        Assert.True((string?)server["status"] == expected, $"{action} of {id} ended {server["status"]}: {server.ToJsonString()}");
        Interlocked.Increment(ref _completed);
    }

    private Task<JsonObject> SettledAsync(Guid id) =>
        client.WaitForAsync(id, s => s["OS-EXT-STS:task_state"] is null && (string?)s["status"] is not "BUILD", "settle", LibvirtCloud.BootTimeout);

    [GeneratedRegex("while it is in (vm_state|task_state) ([a-z_A-Z]+)")]
    private static partial Regex RefusedState();
}
