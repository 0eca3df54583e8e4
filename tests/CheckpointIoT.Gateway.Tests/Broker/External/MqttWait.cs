using System.Threading.Channels;
using CheckpointIoT.Gateway.Broker;

namespace CheckpointIoT.Gateway.Tests.Broker.External;

/// <summary>Waiting helpers for tests against a real broker (the timeouts only guard against hangs, they assert no speed).</summary>
public static class MqttWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Reads until a message matches; returns it and everything read before it. TimeoutException names <paramref name="what"/>.</summary>
    public static async Task<(InboundMessage Match, List<InboundMessage> Before)> ReadUntilAsync(
        this ChannelReader<InboundMessage> reader, Func<InboundMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var before = new List<InboundMessage>();
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            while (true)
            {
                var m = await reader.ReadAsync(cts.Token);
                if (match(m))
                {
                    return (m, before);
                }

                before.Add(m);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{what} did not arrive within {(timeout ?? Timeout).TotalSeconds} s (read {before.Count} other message(s))");
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms until true; TimeoutException naming <paramref name="what"/> otherwise.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} within {(timeout ?? Timeout).TotalSeconds} s");
            }

            await Task.Delay(20);
        }
    }
}
