using System.Buffers;
using System.Net;
using System.Net.Sockets;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Tests.Broker.Fakes;
using MQTTnet.Implementations;

namespace CheckpointIoT.Gateway.Tests.Broker;

/// <summary>The read buffer under MQTTnet's channel adapter, over a real loopback TCP connection.</summary>
public sealed class ReadBufferedMqttChannelTests : IAsyncLifetime
{
    private Socket _peer = null!;
    private Socket _accepted = null!;
    private CountingStream _counted = null!;
    private ReadBufferedMqttChannel _channel = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _peer.ConnectAsync(listener.LocalEndPoint!);
        _accepted = await listener.AcceptAsync();
        _counted = new CountingStream(new NetworkStream(_accepted, ownsSocket: true));
        _channel = new ReadBufferedMqttChannel(new MqttTcpChannel(_counted, _accepted.LocalEndPoint, _accepted.RemoteEndPoint, null));
    }

    public Task DisposeAsync()
    {
        _channel.Dispose();
        _peer.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReadAsync_PacketsReadInPieces_SameBytesInOrder_OneSocketReadForTheBurst()
    {
        // Three PUBLISH-sized packets sent at once, read the way MQTTnet's adapter reads them: 2-byte header, then body.
        var sent = Enumerable.Range(0, 3 * 300).Select(i => (byte)(i * 7)).ToArray();
        await _peer.SendAsync(sent);
        await WaitUntilReadableAsync(sent.Length);

        var received = new byte[sent.Length];
        var at = 0;
        while (at < sent.Length)
        {
            var want = at % 300 == 0 ? 2 : 298;
            at += await ReadFullyAsync(received, at, want);
        }

        Assert.Equal(sent, received);
        Assert.Equal(1, _counted.Reads);
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheBuffer_ReadsTheSocketDirectly()
    {
        var sent = Enumerable.Range(0, ReadBufferedMqttChannel.BufferSize * 2).Select(i => (byte)i).ToArray();
        var sending = _peer.SendAsync(sent);

        var received = new byte[sent.Length];
        var at = 0;
        while (at < sent.Length)
        {
            at += await _channel.ReadAsync(received, at, sent.Length - at, CancellationToken.None);
        }

        await sending;
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task ReadAsync_BufferedBytesThenPeerCloses_ReturnsTheBytesThenZero()
    {
        await _peer.SendAsync(new byte[] { 0x30, 0x02, 0xAA, 0xBB });
        _peer.Shutdown(SocketShutdown.Send);

        var header = new byte[2];
        Assert.Equal(2, await ReadFullyAsync(header, 0, 2));
        var body = new byte[2];
        Assert.Equal(2, await ReadFullyAsync(body, 0, 2));

        Assert.Equal(new byte[] { 0x30, 0x02, 0xAA, 0xBB }, header.Concat(body).ToArray());
        Assert.Equal(0, await _channel.ReadAsync(new byte[2], 0, 2, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_PassesThroughToTheSocket()
    {
        await _channel.WriteAsync(new ReadOnlySequence<byte>(new byte[] { 0xC0, 0x00 }), true, CancellationToken.None);

        var got = new byte[2];
        var n = 0;
        while (n < 2)
        {
            n += await _peer.ReceiveAsync(got.AsMemory(n));
        }

        Assert.Equal(new byte[] { 0xC0, 0x00 }, got);
    }

    private async Task<int> ReadFullyAsync(byte[] buffer, int offset, int count)
    {
        var done = 0;
        while (done < count)
        {
            var n = await _channel.ReadAsync(buffer, offset + done, count - done, CancellationToken.None);
            if (n == 0)
            {
                break;
            }

            done += n;
        }

        return done;
    }

    /// <summary>Waits until the whole burst is in the socket, so the first read can take it all.</summary>
    private async Task WaitUntilReadableAsync(int bytes)
    {
        for (var i = 0; i < 400 && _accepted.Available < bytes; i++)
        {
            await Task.Delay(5);
        }

        Assert.True(_accepted.Available >= bytes, $"only {_accepted.Available} of {bytes} bytes arrived");
    }
}
