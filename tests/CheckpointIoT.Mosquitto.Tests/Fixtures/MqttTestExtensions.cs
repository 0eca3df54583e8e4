using System.Threading.Channels;
using CheckpointIoT.Mosquitto;

namespace CheckpointIoT.Mosquitto.Tests.Fixtures;

/// <summary>Small waiting helpers for tests against a real broker (timeouts guard against hangs, they assert nothing about speed).</summary>
public static class MqttTestExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Reads the next message or throws TimeoutException.</summary>
    public static async Task<MqttMessage> NextMessageAsync(this MqttClient client, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            return await client.Messages.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No MQTT message arrived for {client.ClientId} within {(timeout ?? Timeout).TotalSeconds} s.");
        }
    }

    /// <summary>Reads messages until one on <paramref name="topic"/> arrives; returns everything read before it too.</summary>
    public static async Task<(MqttMessage Match, List<MqttMessage> Before)> NextMessageOnAsync(this MqttClient client, string topic, TimeSpan? timeout = null)
    {
        var before = new List<MqttMessage>();
        while (true)
        {
            var m = await client.NextMessageAsync(timeout);
            if (m.Topic == topic)
            {
                return (m, before);
            }

            before.Add(m);
        }
    }

    /// <summary>Drains whatever is already buffered without waiting.</summary>
    public static List<MqttMessage> Drain(this ChannelReader<MqttMessage> reader)
    {
        var list = new List<MqttMessage>();
        while (reader.TryRead(out var m))
        {
            list.Add(m);
        }

        return list;
    }

    /// <summary>A task completed the next time ConnectionChanged reports <paramref name="state"/>.</summary>
    public static Task WhenConnectionIs(this MqttClient client, bool state)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(bool up)
        {
            if (up == state)
            {
                client.ConnectionChanged -= Handler;
                tcs.TrySetResult();
            }
        }

        client.ConnectionChanged += Handler;
        return tcs.Task.WaitAsync(Timeout);
    }
}
