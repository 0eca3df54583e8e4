using CheckpointIoT.Mosquitto;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// The node's MQTT seam over libmosquitto. After the first successful connect libmosquitto reconnects
/// by itself and restores subscriptions; <see cref="Connect"/> then only reports the link state.
/// </summary>
public sealed class MosquittoMqttLink : IMqttLink, IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private MqttClient? _client;
    private Task? _pump;

    public MosquittoMqttLink(MqttClientOptions options)
    {
        options.Validate();
        _options = options;
    }

    public event MqttMessageHandler? MessageReceived;

    public bool IsConnected => _client?.IsConnected ?? false;

    /// <summary>Publishes that failed after being handed over (e.g. the link dropped before PUBACK).</summary>
    public int PublishFailures;

    public bool Connect()
    {
        if (_client != null) return _client.IsConnected;
        var client = new MqttClient(_options);
        try
        {
            client.ConnectAsync(_stop.Token).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }
        catch
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        _client = client;
        _pump = Task.Run(PumpAsync);
        return true;
    }

    public void Disconnect()
    {
        var client = _client;
        _client = null;
        if (client != null)
        {
            client.DisconnectAsync().GetAwaiter().GetResult();
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Drops the connection without DISCONNECT, so the broker sends the last will (tests).</summary>
    public async Task AbortAsync()
    {
        var client = _client;
        _client = null;
        if (client != null)
        {
            await client.AbortAsync();
            await client.DisposeAsync();
        }
    }

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        var client = _client;
        if (client == null || !client.IsConnected) return false;
        Task publish;
        try
        {
            publish = client.PublishAsync(topic, payload, 1, retain);
        }
        catch (MqttException)
        {
            return false;
        }
        // The node's queue keeps the record until the gateway's verdict/ack, so a lost PUBACK only costs a resend.
        publish.ContinueWith(t => Interlocked.Increment(ref PublishFailures), TaskContinuationOptions.OnlyOnFaulted);
        return true;
    }

    public bool Subscribe(string topic)
    {
        var client = _client;
        if (client == null) return false;
        client.SubscribeAsync(topic, 1).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return true;
    }

    private async Task PumpAsync()
    {
        var client = _client!;
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(_stop.Token))
            {
                MessageReceived?.Invoke(message.Topic, message.Payload);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        var client = _client;
        _client = null;
        if (client != null)
        {
            try { await client.DisconnectAsync(); } catch (MqttException) { }
            await client.DisposeAsync();
        }
        if (_pump != null) await _pump.ConfigureAwait(false);
    }
}
