using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// An MQTTnet channel whose reads come from a buffer of <see cref="BufferSize"/> bytes. MQTTnet's channel adapter reads a
/// packet in pieces (the 2-byte fixed header, then the remaining length, then the body) straight from the socket: about
/// three recv() calls per check-in (measured, external and embedded). Here one recv() takes whatever the socket holds,
/// often several whole packets, and the adapter's small reads are served from memory. Writes and everything else pass
/// through unchanged; reads are made by one loop at a time (MQTTnet's receive loop), as MQTTnet's own channels assume.
/// </summary>
public sealed class ReadBufferedMqttChannel(IMqttChannel inner) : IMqttChannel
{
    /// <summary>Bytes taken from the socket per read: several check-ins (each a few hundred bytes).</summary>
    public const int BufferSize = 8 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _count;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_count > 0)
        {
            return Task.FromResult(CopyOut(buffer, offset, count));
        }

        // A large body is read in place; a request for nothing goes to the channel as it is.
        return count >= BufferSize || count == 0 ? inner.ReadAsync(buffer, offset, count, cancellationToken) : FillAndCopyAsync(buffer, offset, count, cancellationToken);
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    public void Dispose() => inner.Dispose();

    private async Task<int> FillAndCopyAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(_buffer, 0, BufferSize, cancellationToken).ConfigureAwait(false);
        if (read <= 0)
        {
            return read; // closed
        }

        _start = 0;
        _count = read;
        return CopyOut(buffer, offset, count);
    }

    private int CopyOut(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(count, _count);
        Buffer.BlockCopy(_buffer, _start, buffer, offset, n);
        _start += n;
        _count -= n;
        return n;
    }
}
