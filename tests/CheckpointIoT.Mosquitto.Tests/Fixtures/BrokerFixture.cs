using CheckpointIoT.Mosquitto;

namespace CheckpointIoT.Mosquitto.Tests.Fixtures;

/// <summary>
/// xunit fixture: a real mosquitto broker on a free loopback port with a generated config (anonymous allowed by
/// default). Reusable from other test projects: <c>IClassFixture&lt;BrokerFixture&gt;</c>, or derive and override
/// <see cref="Configure"/> for users/ACL. The data directory is deleted on dispose.
/// </summary>
public class BrokerFixture : IAsyncLifetime
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private MosquittoBroker? _broker;

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("BrokerFixture is not initialized yet.");

    public string Host => Broker.Host;

    public int Port => Broker.Port;

    /// <summary>Starts a separate broker (own port and directory) for tests that restart, reload or kill it.</summary>
    public static async Task<MosquittoBroker> StartBrokerAsync(Action<MosquittoBrokerOptions>? configure = null, CancellationToken ct = default)
    {
        var options = NewBrokerOptions();
        configure?.Invoke(options);
        var broker = new MosquittoBroker(options);
        try
        {
            await broker.StartAsync(ct);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    /// <summary>Broker options with a fresh temp data directory that is deleted on dispose.</summary>
    public static MosquittoBrokerOptions NewBrokerOptions() => new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "checkpointiot-mosquitto-tests", Guid.NewGuid().ToString("N")),
        DeleteDataDirectoryOnDispose = true,
    };

    /// <summary>Client options for this fixture's broker with a unique client id.</summary>
    public MqttClientOptions ClientOptions(string prefix = "test") => ClientOptionsFor(Broker, prefix);

    /// <summary>Client options for any broker with a unique client id and a short reconnect delay.</summary>
    public static MqttClientOptions ClientOptionsFor(MosquittoBroker broker, string prefix = "test") => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ClientId = $"{prefix}-{Guid.NewGuid():N}",
        KeepAliveSeconds = 10,
        ReconnectDelayMin = TimeSpan.FromSeconds(1),
        ReconnectDelayMax = TimeSpan.FromSeconds(2),
    };

    /// <summary>Creates and connects a client to this fixture's broker.</summary>
    public Task<MqttClient> ConnectClientAsync(string prefix = "test", Action<MqttClientOptions>? configure = null) =>
        ConnectClientAsync(Broker, prefix, configure);

    /// <summary>Creates and connects a client to <paramref name="broker"/>; disposes it again if the connect fails.</summary>
    public static async Task<MqttClient> ConnectClientAsync(MosquittoBroker broker, string prefix = "test", Action<MqttClientOptions>? configure = null)
    {
        var options = ClientOptionsFor(broker, prefix);
        configure?.Invoke(options);
        var client = new MqttClient(options);
        try
        {
            using var cts = new CancellationTokenSource(DefaultTimeout);
            await client.ConnectAsync(cts.Token);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        var options = NewBrokerOptions();
        Configure(options);
        _broker = new MosquittoBroker(options);
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await _broker.StartAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    /// <summary>Override to add users, an ACL or persistence to the shared broker.</summary>
    protected virtual void Configure(MosquittoBrokerOptions options)
    {
    }
}
