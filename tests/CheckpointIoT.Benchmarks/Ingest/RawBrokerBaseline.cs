using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// The broker's own lossless QoS 1 rate with the same MQTTnet clients the nodes use: N publishers → one subscriber.
/// A publisher's slot (64 each, as the nodes keep in flight) is freed when the SUBSCRIBER has the message, not on
/// PUBACK, so the figure counts delivered messages: with PUBACK-only accounting Mosquitto accepted messages faster than it
/// could deliver them and dropped most of them from its queues.
/// </summary>
internal static class RawBrokerBaseline
{
    public const int Window = 64;

    public static async Task<double> MeasureAsync(string host, int port, int publishers, TimeSpan duration, string? username = null, string? password = null)
    {
        var slots = Enumerable.Range(0, publishers).Select(_ => new SemaphoreSlim(Window)).ToArray();
        long received = 0;
        await using var sub = new DisposableClient(await BenchMqtt.ConnectAsync(host, port, "bench-raw-sub", username, password));
        sub.Client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = e.ApplicationMessage.Payload;
            if (payload.Length >= 4)
            {
                Span<byte> head = stackalloc byte[4];
                payload.Slice(0, 4).CopyTo(head);
                var index = BinaryPrimitives.ReadInt32LittleEndian(head);
                if ((uint)index < (uint)slots.Length)
                {
                    slots[index].Release();
                }
            }

            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await BenchMqtt.SubscribeAsync(sub.Client, "bench/raw/#", MqttQualityOfServiceLevel.AtLeastOnce);

        var pubs = new List<DisposableClient>();
        for (var i = 0; i < publishers; i++)
        {
            pubs.Add(new DisposableClient(await BenchMqtt.ConnectAsync(host, port, "bench-raw-pub-" + i, username, password)));
        }

        using var stop = new CancellationTokenSource();
        var senders = pubs.Select((c, i) => Task.Run(async () =>
        {
            var payload = new byte[60]; // about a check-in frame
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            var message = BenchMqtt.Message("bench/raw/" + i, payload, MqttQualityOfServiceLevel.AtLeastOnce);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await slots[i].WaitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                _ = c.Client.PublishAsync(message).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up
        var start = Interlocked.Read(ref received);
        var sw = Stopwatch.StartNew();
        await Task.Delay(duration);
        var count = Interlocked.Read(ref received) - start;
        var elapsed = sw.Elapsed.TotalSeconds;
        stop.Cancel();
        await Task.WhenAll(senders);
        foreach (var c in pubs)
        {
            await c.DisposeAsync();
        }

        return count / elapsed;
    }
}
