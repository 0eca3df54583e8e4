using System.Net;
using System.Net.Sockets;

namespace CheckpointIoT.Soak;

/// <summary>
/// TCP proxy between the nodes and the gateway's broker. <see cref="Cut"/> closes every connection and refuses new
/// ones for a while: a link cut the nodes see as a dead Wi-Fi, with no DISCONNECT.
/// </summary>
public sealed class CutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly object _sync = new();
    private DateTime _refuseUntil = DateTime.MinValue;
    private readonly Task _accept;

    public CutProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut(TimeSpan refuseFor)
    {
        lock (_sync)
        {
            _refuseUntil = DateTime.UtcNow + refuseFor;
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            bool refuse;
            lock (_sync) refuse = DateTime.UtcNow < _refuseUntil;
            if (refuse) { client.Dispose(); continue; }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_sync) { _open.Add(client); _open.Add(upstream); }
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception) { /* the gateway is down or the link was cut: the node sees a dropped connection */ }
        finally
        {
            lock (_sync) { _open.Remove(client); _open.Remove(upstream); }
            client.Dispose();
            upstream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sync) { foreach (var c in _open) c.Dispose(); _open.Clear(); }
        try { await _accept; } catch (Exception) { }
    }
}
