using MQTTnet;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>An MQTTnet client that disconnects cleanly (best effort) and disposes.</summary>
internal sealed class DisposableClient(IMqttClient client) : IAsyncDisposable
{
    public IMqttClient Client { get; } = client;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
            {
                await Client.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
        }

        Client.Dispose();
    }
}
