using System.Net;

namespace CheckpointIoT.EndToEnd.Tests.Harness;

/// <summary>
/// A fault-injecting HTTP endpoint in front of the real provincial API: passes requests through, or answers
/// 500/503 (with Retry-After), or stalls them until the caller times out, as the test switches its mode.
/// </summary>
public sealed class ChaosProxy : IAsyncDisposable
{
    public enum Mode { Pass, Fail500, Fail503, Stall }

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile Mode _mode = Mode.Pass;
    private int _forwarded, _failed, _stalled;

    public ChaosProxy(int port, Uri target)
    {
        _target = target;
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }
    public int Forwarded => _forwarded;
    public int Failed => _failed;
    public int Stalled => _stalled;

    public Mode Current
    {
        get => _mode;
        set => _mode = value;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            switch (_mode)
            {
                case Mode.Fail500:
                    Interlocked.Increment(ref _failed);
                    response.StatusCode = 500;
                    break;
                case Mode.Fail503:
                    Interlocked.Increment(ref _failed);
                    response.StatusCode = 503;
                    response.AddHeader("Retry-After", "1");
                    break;
                case Mode.Stall:
                    Interlocked.Increment(ref _stalled);
                    while (_mode == Mode.Stall && !_stop.IsCancellationRequested) await Task.Delay(100);
                    response.Abort();
                    return;
                default:
                    await ForwardAsync(context);
                    Interlocked.Increment(ref _forwarded);
                    break;
            }
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException or InvalidOperationException)
        {
            try { response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, request.Url!.PathAndQuery));
        var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        if (body.Length > 0 || request.HttpMethod is "POST" or "PUT")
        {
            message.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (string? name in request.Headers.AllKeys)
        {
            if (name is null or "Host" or "Content-Length" or "Connection" or "Expect") continue;
            var value = request.Headers[name];
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        using var upstream = await _upstream.SendAsync(message);
        context.Response.StatusCode = (int)upstream.StatusCode;
        foreach (var header in upstream.Headers.Concat(upstream.Content.Headers))
        {
            if (header.Key is "Transfer-Encoding" or "Content-Length" or "Connection") continue;
            context.Response.AddHeader(header.Key, string.Join(",", header.Value));
        }
        var bytes = await upstream.Content.ReadAsByteArrayAsync();
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
        _upstream.Dispose();
    }
}
