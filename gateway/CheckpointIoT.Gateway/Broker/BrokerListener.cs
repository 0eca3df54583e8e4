using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Certificates;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// One listening address of the embedded broker (plain or TLS). MQTTnet's server hands every adapter the same
/// server options, which hold one plain and one TLS endpoint, and binds 0.0.0.0 and [::] unless told otherwise; so each
/// of our listeners is its own <see cref="MqttTcpServerAdapter"/> started with options of its own that bind exactly
/// <see cref="Address"/> (the other address family is switched off) on <see cref="Port"/>.
/// </summary>
public sealed class BrokerListener : IMqttServerAdapter
{
    private readonly MqttTcpServerAdapter _inner = new() { TreatSocketOpeningErrorAsWarning = false };
    private readonly X509Certificate2? _certificate;

    public BrokerListener(string name, IPAddress address, int port, X509Certificate2? certificate = null)
    {
        Name = name;
        Address = address;
        Port = port;
        _certificate = certificate;
    }

    /// <summary>"loopback", "lan" or "tls" (for logs).</summary>
    public string Name { get; }

    public IPAddress Address { get; }

    /// <summary>The port asked for; after start the port bound (0 asks the system for a free one).</summary>
    public int Port { get; private set; }

    public bool IsTls => _certificate is not null;

    public Func<IMqttChannelAdapter, Task> ClientHandler
    {
        get => _inner.ClientHandler;
        set => _inner.ClientHandler = value;
    }

    public async Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        var own = new MqttServerOptions
        {
            WriterBufferSize = options.WriterBufferSize,
            WriterBufferSizeMax = options.WriterBufferSizeMax,
        };
        MqttServerTcpEndpointBaseOptions endpoint = own.DefaultEndpointOptions;
        if (_certificate is { } certificate)
        {
            own.DefaultEndpointOptions.IsEnabled = false;
            own.TlsEndpointOptions.CertificateProvider = new X509CertificateProvider(certificate);
            endpoint = own.TlsEndpointOptions;
        }

        var template = _certificate is null ? (MqttServerTcpEndpointBaseOptions)options.DefaultEndpointOptions : options.TlsEndpointOptions;
        endpoint.IsEnabled = true;
        endpoint.Port = Port;
        endpoint.AllowPacketFragmentation = template.AllowPacketFragmentation;
        endpoint.NoDelay = true;
        endpoint.ConnectionBacklog = template.ConnectionBacklog;
        var v6 = Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        endpoint.BoundInterNetworkAddress = v6 ? IPAddress.None : Address;
        endpoint.BoundInterNetworkV6Address = v6 ? Address : IPAddress.None;
        await _inner.StartAsync(own, logger).ConfigureAwait(false);
        Port = endpoint.Port; // MQTTnet writes the bound port back (port 0 → the one the system chose)
    }

    public Task StopAsync() => _inner.StopAsync();

    public void Dispose() => _inner.Dispose();

    public override string ToString() => $"{Name} {(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}{(IsTls ? " (TLS)" : string.Empty)}";
}
