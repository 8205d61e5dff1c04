namespace Kumo.Api.Tests.Support;

/// <summary>The clients a test class wants ready before each test (each costs a user and a token).</summary>
[Flags]
public enum TestClients
{
    None = 0,

    /// <summary>alice, a member of project-a.</summary>
    Alice = 1,

    /// <summary>The bootstrap's admin.</summary>
    Admin = 2,
}

/// <summary>
/// A fresh <see cref="ApiCloud"/> for each test (xunit makes one class instance per test), with the
/// clients the class asks for, disposed after it.
/// </summary>
public abstract class ApiCloudTest(TestClients clients = TestClients.None) : IAsyncLifetime
{
    private HttpClient? _alice;
    private HttpClient? _admin;

    protected ApiCloud Cloud { get; private set; } = null!;

    protected HttpClient Alice => _alice ?? throw new InvalidOperationException($"{GetType().Name} did not ask for {nameof(TestClients.Alice)}.");

    protected HttpClient Admin => _admin ?? throw new InvalidOperationException($"{GetType().Name} did not ask for {nameof(TestClients.Admin)}.");

    /// <summary>Override for a cloud with other settings or fake driver behaviour.</summary>
    protected virtual Task<ApiCloud> StartCloudAsync() => ApiCloud.StartAsync();

    public virtual async Task InitializeAsync()
    {
        Cloud = await StartCloudAsync();
        if (clients.HasFlag(TestClients.Alice))
        {
            _alice = await Cloud.ClientAsync("project-a", "alice");
        }
        if (clients.HasFlag(TestClients.Admin))
        {
            _admin = await Cloud.AdminClientAsync();
        }
    }

    public virtual async Task DisposeAsync() => await Cloud.DisposeAsync();
}
