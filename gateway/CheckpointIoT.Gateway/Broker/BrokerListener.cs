using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// One listening socket of the embedded broker (plain or TLS), an MQTTnet server adapter of our own. MQTTnet's
/// MqttTcpServerAdapter takes one plain and one TLS endpoint from the server-wide options, binds 0.0.0.0 and [::]
/// unless told otherwise, and has no packet size limit; this one binds exactly <see cref="Address"/>:<see cref="Port"/>
/// (only "::" also takes IPv4), does the TLS handshake with a timeout, and passes the client's bytes through a
/// <see cref="PacketSizeLimitedStream"/> and a <see cref="ReadBufferedMqttChannel"/> (one recv() per burst, not three per
/// packet) before MQTTnet's channel adapter reads them. One instance per listener.
/// </summary>
public sealed class BrokerListener : IMqttServerAdapter
{
    /// <summary>Largest MQTT remaining length accepted: a check-in frame is at most a few KiB.</summary>
    public const int MaxRemainingLength = 64 * 1024;

    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly X509Certificate2? _certificate;
    private readonly ILogger _logger;
    private Socket? _socket;
    private CancellationTokenSource? _stop;
    private MqttServerOptions? _options;
    private IMqttNetLogger? _mqttLog;

    public BrokerListener(string name, IPAddress address, int port, X509Certificate2? certificate, ILogger logger)
    {
        Name = name;
        Address = address;
        Port = port;
        _certificate = certificate;
        _logger = logger;
    }

    /// <summary>"loopback", "lan" or "tls" (for logs).</summary>
    public string Name { get; }

    public IPAddress Address { get; }

    /// <summary>The port asked for; after start the port bound (0 asks the system for a free one).</summary>
    public int Port { get; private set; }

    public bool IsTls => _certificate is not null;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _mqttLog = logger;
        var socket = new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = Address.Equals(IPAddress.IPv6Any);
            }

            socket.Bind(new IPEndPoint(Address, Port));
            socket.Listen(128);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"the broker's {Name} listener cannot listen on {Endpoint(Address, Port)}: {ex.Message}", ex);
        }

        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _socket = socket;
        var stop = new CancellationTokenSource();
        _stop = stop;
        var token = stop.Token;
        _ = Task.Run(() => AcceptLoopAsync(socket, token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stop, null) is { } stop)
        {
            stop.Cancel();
            stop.Dispose();
        }

        Interlocked.Exchange(ref _socket, null)?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => StopAsync();

    public override string ToString() => $"{Name} {Endpoint(Address, Port)}{(IsTls ? " (TLS)" : string.Empty)}";

    private static string Endpoint(IPAddress a, int port) => a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]:{port}" : $"{a}:{port}";

    private async Task AcceptLoopAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning("broker {Listener}: accept failed: {Error}", Name, ex.Message);
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            client.NoDelay = true;
            _ = Task.Run(() => ServeAsync(client, ct), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        var remote = client.RemoteEndPoint;
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (_certificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                handshake.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateRequired = false,
                        EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    },
                    handshake.Token).ConfigureAwait(false);
            }

            stream = new PacketSizeLimitedStream(stream, MaxRemainingLength,
                reason => _logger.LogWarning("broker {Listener}: closed the connection from {Remote}: {Reason}", Name, remote, reason));
            var channel = new ReadBufferedMqttChannel(new MqttTcpChannel(stream, client.LocalEndPoint, remote, null));
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLog!)
            {
                AllowPacketFragmentation = _options.DefaultEndpointOptions.AllowPacketFragmentation,
            };
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                       or System.Security.Authentication.AuthenticationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            _logger.LogWarning("broker {Listener}: connection from {Remote} closed: {Error}", Name, remote, ex.GetBaseException().Message);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
        }
    }
}
