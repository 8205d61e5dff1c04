using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Errors;
using Kumo.Virt.Fake;
using Microsoft.AspNetCore.TestHost;

namespace Kumo.Api.Tests.Security;

/// <summary>
/// Passwords (users', the bootstrap's, servers' adminPass, wrong ones typed at login) and tokens never
/// reach a log line, a notification, a fault or an action event, through a whole scenario on the fake
/// driver: users and logins, password change, servers created (one failing), rebooted, stopped,
/// started and deleted.
/// </summary>
public sealed class SecretsNeverLeakTests
{
    private const string AdminPass = "AdmPass-7f3c91d2e4";
    private const string FailingAdminPass = "AdmPass-failing-5b8e0a";
    private const string NewUserPassword = "NewPw-c0ffee4242";
    private const string WrongPassword = "WrongPw-dead10cc99";

    [Fact]
    public async Task No_log_line_notification_fault_or_event_carries_a_password_or_token()
    {
        using var logs = new CapturingLoggerProvider();
        var behaviour = new FakeDriverBehaviour
        {
            SpawnFailure = i => i.DisplayName == "fails" ? new KumoException("spawn failed for this server") : null,
        };
        var secrets = new List<string> { ApiCloud.AdminPassword, ApiCloud.DemoPassword, ApiCloud.PasswordOf("sam"), AdminPass, FailingAdminPass, NewUserPassword, WrongPassword };
        var servers = new List<Guid>();
        await using (var cloud = await ApiCloud.StartAsync(behaviour, loggers: logs.CreateFactory()))
        {
            var admin = await cloud.AdminClientAsync();
            var sam = await cloud.ClientAsync("project-s", "sam", "member");
            secrets.Add(Token(admin));
            secrets.Add(Token(sam));

            var wrong = await cloud.Http.PostAsJsonAsync("/identity/v3/auth/tokens", ApiCloud.PasswordAuth("sam", WrongPassword, "project-s"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            var change = await sam.PostAsJsonAsync("/identity/v3/users/u-sam/password",
                new JsonObject { ["user"] = new JsonObject { ["original_password"] = ApiCloud.PasswordOf("sam"), ["password"] = NewUserPassword } });
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
            // A password change revokes the user's tokens (as Keystone's): log in again with the new one.
            var newToken = await cloud.IssueTokenAsync("sam", NewUserPassword, "project-s");
            secrets.Add(newToken);
            sam = cloud.Host.Api.App!.GetTestClient();
            sam.DefaultRequestHeaders.Add("X-Auth-Token", newToken);

            var id = await CreateAsync(sam, cloud, "works", AdminPass);
            servers.Add(Guid.Parse(id));
            await sam.WaitForStatusAsync(id, "ACTIVE");
            await ActAsync(sam, id, new JsonObject { ["reboot"] = new JsonObject { ["type"] = "HARD" } }, "ACTIVE");
            await ActAsync(sam, id, new JsonObject { ["os-stop"] = null }, "SHUTOFF");
            await ActAsync(sam, id, new JsonObject { ["os-start"] = null }, "ACTIVE");
            var failing = await CreateAsync(sam, cloud, "fails", FailingAdminPass);
            servers.Add(Guid.Parse(failing));
            await sam.WaitForStatusAsync(failing, "ERROR");
            foreach (var server in new[] { id, failing })
            {
                Assert.Equal(HttpStatusCode.NoContent, (await sam.SendAsync(HttpMethod.Delete, "/servers/" + server)).Status);
                await sam.WaitForGoneAsync(server);
            }

            var stores = cloud.Host.Shared.Stores;
            var recorded = new List<string>(logs.Lines);
            recorded.AddRange((await stores.Notifications.ListAsync()).Select(n => $"{n.EventType} {n.Payload.ToJsonString()}"));
            foreach (var uuid in servers)
            {
                recorded.AddRange((await stores.InstanceFaults.ListAsync(uuid)).Select(f => $"{f.Message} {f.Details}"));
                recorded.AddRange((await stores.InstanceActions.ListAsync(uuid)).SelectMany(a => a.Events).Select(e => $"{e.Event} {e.Traceback} {e.Details}"));
            }
            Assert.Contains(recorded, l => l.Contains("spawn failed for this server", StringComparison.Ordinal)); // the scan sees the failure paths
            Assert.Contains(recorded, l => l.Contains("compute.instance.create.end", StringComparison.Ordinal));
            Assert.Contains(logs.Lines, l => l.Contains(id, StringComparison.Ordinal)); // the build path logged at all
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(recorded, l => l.Contains(secret, StringComparison.Ordinal));
            }
        }
    }

    private static string Token(HttpClient client) => client.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();

    private static async Task<string> CreateAsync(HttpClient client, ApiCloud cloud, string name, string adminPass)
    {
        var body = ServerCalls.CreateBody(cloud, name);
        body["server"]!["adminPass"] = adminPass;
        var (status, created) = await client.SendAsync(HttpMethod.Post, "/servers", body);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return (string)created!["server"]!["id"]!;
    }

    private static async Task ActAsync(HttpClient client, string id, JsonObject action, string status)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/servers/{id}/action", action)).Status);
        await client.WaitForStatusAsync(id, status);
    }
}
