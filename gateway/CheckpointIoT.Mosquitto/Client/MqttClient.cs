using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using CheckpointIoT.Mosquitto.Native;

namespace CheckpointIoT.Mosquitto;

/// <summary>
/// MQTT client over libmosquitto. libmosquitto runs its own network thread (mosquitto_loop_start); every callback
/// from that thread only copies data and completes a TaskCompletionSource (RunContinuationsAsynchronously) or
/// writes to a Channel, so no user code ever runs on the network thread.
/// </summary>
/// <remarks>
/// Offline publishing: QoS 1/2 publishes made while the connection is down are accepted by libmosquitto, kept in
/// its outgoing queue and sent after the automatic reconnect; their Task completes on the PUBACK then. QoS 0
/// publishes made while disconnected throw <see cref="MqttException"/>. Subscribing while disconnected throws.
/// The queue lives in process memory only: anything not acknowledged is lost if the process dies.
/// </remarks>
public sealed class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly MosquittoHandle _handle;
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Dictionary<int, TaskCompletionSource> _pendingPublishes = new();
    private readonly Dictionary<int, PendingSubscription> _pendingSubscriptions = new();
    private readonly Dictionary<int, TaskCompletionSource> _pendingUnsubscriptions = new();
    private readonly Dictionary<string, int> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<MqttMessage> _messages = Channel.CreateUnbounded<MqttMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Channel<bool> _connectionEvents = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private GCHandle _self;
    private TaskCompletionSource? _connectTcs;
    private int _resubscriptionsOutstanding;
    private volatile bool _connected;
    private volatile bool _loopRunning;
    private int _disposed;
    private string? _lastError;
    private const int MosqLogWarning = 4;
    private const int MosqLogErr = 8;

    public MqttClient(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        LibMosquitto.EnsureInitialized();

        _self = GCHandle.Alloc(this, GCHandleType.Normal);
        var raw = LibMosquitto.mosquitto_new(options.ClientId, options.CleanSession, GCHandle.ToIntPtr(_self));
        if (raw == IntPtr.Zero)
        {
            _self.Free();
            throw new MqttException($"mosquitto_new failed for client id '{options.ClientId}' (errno {Marshal.GetLastSystemError()}).");
        }

        _handle = new MosquittoHandle(raw);
        try
        {
            Configure(options);
        }
        catch
        {
            _handle.Dispose();
            _self.Free();
            throw;
        }

        _ = Task.Run(PumpConnectionEventsAsync);
    }

    /// <summary>True between an accepted CONNACK (plus re-acknowledged subscriptions) and the next disconnect.</summary>
    public bool IsConnected => _connected;

    /// <summary>Every received application message, in arrival order (unbounded; completed on dispose).</summary>
    public ChannelReader<MqttMessage> Messages => _messages.Reader;

    /// <summary>The last error or warning libmosquitto logged (e.g. an OpenSSL verification failure), or null.</summary>
    public string? LastError
    {
        get
        {
            lock (_sync)
            {
                return _lastError;
            }
        }
    }

    /// <summary>The client id this client connects with.</summary>
    public string ClientId => _options.ClientId;

    /// <summary>
    /// Raised with true when the client is connected and all earlier subscriptions are re-acknowledged, with false
    /// when the connection drops. Raised in order on a thread-pool thread, never on libmosquitto's network thread;
    /// exceptions thrown by handlers are swallowed.
    /// </summary>
    public event Action<bool>? ConnectionChanged;

    /// <summary>
    /// Connects and completes when the broker accepts the CONNACK. Throws <see cref="MqttException"/> with the
    /// CONNACK reason text when the broker refuses, or with the socket error when it is unreachable. Afterwards the
    /// client reconnects on its own with backoff and restores its subscriptions.
    /// </summary>
    public async Task ConnectAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            if (_loopRunning)
            {
                throw new InvalidOperationException("MqttClient is already connected or connecting; call DisconnectAsync first.");
            }

            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                _connectTcs = ready;
            }

            var host = _options.Host;
            var port = _options.Port;
            var keepAlive = _options.KeepAliveSeconds;
            var (rc, errno) = await Task.Run(
                () =>
                {
                    var r = LibMosquitto.mosquitto_connect(_handle, host, port, keepAlive);
                    return (r, Marshal.GetLastPInvokeError());
                },
                CancellationToken.None).ConfigureAwait(false);
            if (rc != LibMosquitto.MOSQ_ERR_SUCCESS)
            {
                lock (_sync)
                {
                    _connectTcs = null;
                }

                var why = rc == LibMosquitto.MOSQ_ERR_ERRNO ? new Win32Exception(errno).Message : LibMosquitto.StrError(rc);
                throw new MqttException($"MQTT connect to {host}:{port} failed: {why}", rc);
            }

            rc = LibMosquitto.mosquitto_loop_start(_handle);
            if (rc != LibMosquitto.MOSQ_ERR_SUCCESS)
            {
                throw new MqttException($"mosquitto_loop_start failed: {LibMosquitto.StrError(rc)}", rc);
            }

            _loopRunning = true;
            try
            {
                await ready.Task.WaitAsync(_options.ConnectTimeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_sync)
                {
                    _connectTcs = null;
                }

                await StopLoopAsync(new MqttException("Connect did not complete.")).ConfigureAwait(false);
                var last = LastError;
                throw new MqttException(
                    $"MQTT connection to {host}:{port} got no CONNACK within {_options.ConnectTimeout.TotalSeconds:0.#} s" + (last is null ? "." : $": {last}"));
            }
            catch
            {
                lock (_sync)
                {
                    _connectTcs = null;
                }

                await StopLoopAsync(new MqttException("Connect did not complete.")).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Publishes a message. QoS 0 completes once libmosquitto has the message; QoS 1 completes on PUBACK
    /// (QoS 2 on PUBCOMP). Cancelling stops the wait only: the message may still be delivered.
    /// </summary>
    public unsafe Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 1, bool retain = false, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ValidateTopic(topic);
        if (qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS must be 0, 1 or 2.");
        }

        ct.ThrowIfCancellationRequested();
        if (!_loopRunning)
        {
            return Task.FromException(new MqttException($"Publish to '{topic}' failed: the client is not connected (call ConnectAsync first).", LibMosquitto.MOSQ_ERR_NO_CONN));
        }

        var tcs = qos > 0 ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        int rc;
        int mid = 0;
        using (var pin = payload.Pin())
        {
            // One lock around publish + registration; on_publish takes the same lock, so a PUBACK that arrives
            // before mosquitto_publish returns the mid still finds the registration.
            lock (_sync)
            {
                rc = LibMosquitto.mosquitto_publish(_handle, &mid, topic, payload.Length, (byte*)pin.Pointer, qos, retain);
                if (rc == LibMosquitto.MOSQ_ERR_SUCCESS && tcs is not null)
                {
                    _pendingPublishes[mid] = tcs;
                }
                else if (rc == LibMosquitto.MOSQ_ERR_NO_CONN && tcs is not null)
                {
                    // Verified against libmosquitto 2.0.11: with the connection down, QoS>0 publishes return
                    // MOSQ_ERR_NO_CONN but stay in the outgoing queue and are resent (same mid) after the
                    // automatic reconnect; the PUBACK then completes the task.
                    _pendingPublishes[mid] = tcs;
                    rc = LibMosquitto.MOSQ_ERR_SUCCESS;
                }
            }
        }

        if (rc != LibMosquitto.MOSQ_ERR_SUCCESS)
        {
            return Task.FromException(new MqttException($"Publish to '{topic}' failed: {LibMosquitto.StrError(rc)}", rc));
        }

        if (tcs is null)
        {
            return Task.CompletedTask;
        }

        var registeredMid = mid;
        return ct.CanBeCanceled ? AwaitWithCancellation(tcs, ct, () => ForgetPublish(registeredMid, tcs)) : tcs.Task;
    }

    /// <summary>Subscribes and completes on SUBACK; throws <see cref="MqttException"/> if the broker refuses (0x80).</summary>
    public unsafe Task SubscribeAsync(string filter, int qos = 1, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        if (string.IsNullOrEmpty(filter))
        {
            throw new ArgumentException("Topic filter must not be empty.", nameof(filter));
        }

        if (qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS must be 0, 1 or 2.");
        }

        ct.ThrowIfCancellationRequested();
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int rc;
        int mid = 0;
        lock (_sync)
        {
            rc = LibMosquitto.mosquitto_subscribe(_handle, &mid, filter, qos);
            if (rc == LibMosquitto.MOSQ_ERR_SUCCESS)
            {
                _pendingSubscriptions[mid] = new PendingSubscription(filter, qos, tcs);
            }
        }

        if (rc != LibMosquitto.MOSQ_ERR_SUCCESS)
        {
            return Task.FromException(new MqttException($"Subscribe to '{filter}' failed: {LibMosquitto.StrError(rc)}", rc));
        }

        var registeredMid = mid;
        return ct.CanBeCanceled ? AwaitWithCancellation(tcs, ct, () => ForgetSubscription(registeredMid, tcs)) : tcs.Task;
    }

    /// <summary>Unsubscribes and completes on UNSUBACK; the filter is no longer restored after reconnects.</summary>
    public unsafe Task UnsubscribeAsync(string filter, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        if (string.IsNullOrEmpty(filter))
        {
            throw new ArgumentException("Topic filter must not be empty.", nameof(filter));
        }

        ct.ThrowIfCancellationRequested();
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int rc;
        int mid = 0;
        lock (_sync)
        {
            _subscriptions.Remove(filter);
            rc = LibMosquitto.mosquitto_unsubscribe(_handle, &mid, filter);
            if (rc == LibMosquitto.MOSQ_ERR_SUCCESS)
            {
                _pendingUnsubscriptions[mid] = tcs;
            }
        }

        if (rc != LibMosquitto.MOSQ_ERR_SUCCESS)
        {
            return Task.FromException(new MqttException($"Unsubscribe from '{filter}' failed: {LibMosquitto.StrError(rc)}", rc));
        }

        var registeredMid = mid;
        return ct.CanBeCanceled ? AwaitWithCancellation(tcs, ct, () => ForgetUnsubscription(registeredMid, tcs)) : tcs.Task;
    }

    /// <summary>Sends DISCONNECT, stops the network thread and turns off automatic reconnect. ConnectAsync may be called again.</summary>
    public async Task DisconnectAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_loopRunning)
            {
                await StopLoopAsync(new MqttException("Client disconnected before the broker acknowledged; the message may or may not have been delivered.")).ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Simulates a crash or power loss: drops the TCP connection without DISCONNECT (so the broker publishes the
    /// last will) and disposes the client.
    /// </summary>
    public async Task AbortAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_loopRunning)
            {
                var fd = LibMosquitto.mosquitto_socket(_handle);
                if (fd >= 0)
                {
                    _ = LibC.Shutdown(fd, LibC.SHUT_RDWR);
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            var disposedError = new MqttException("MqttClient was disposed before the broker acknowledged.");
            if (_loopRunning)
            {
                await StopLoopAsync(disposedError).ConfigureAwait(false);
            }

            FailPending(disposedError, includePublishes: true);
            _handle.Dispose();
            if (_self.IsAllocated)
            {
                _self.Free();
            }

            _messages.Writer.TryComplete();
            _connectionEvents.Writer.TryComplete();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private unsafe void Configure(MqttClientOptions o)
    {
        Check(LibMosquitto.mosquitto_int_option(_handle, LibMosquitto.MOSQ_OPT_PROTOCOL_VERSION, (int)o.Protocol), "protocol version");
        Check(LibMosquitto.mosquitto_int_option(_handle, LibMosquitto.MOSQ_OPT_TCP_NODELAY, o.TcpNoDelay ? 1 : 0), "TCP_NODELAY");
        if (o.Username is not null)
        {
            Check(LibMosquitto.mosquitto_username_pw_set(_handle, o.Username, o.Password), "username/password");
        }

        if (o.LastWill is { } will)
        {
            fixed (byte* p = will.Payload)
            {
                Check(LibMosquitto.mosquitto_will_set(_handle, will.Topic, will.Payload.Length, p, will.Qos, will.Retain), "last will");
            }
        }

        if (o.Tls is { } tls)
        {
            Check(LibMosquitto.mosquitto_tls_set(_handle, tls.CaFile, null, tls.CertFile, tls.KeyFile, IntPtr.Zero), "TLS");
            Check(LibMosquitto.mosquitto_tls_insecure_set(_handle, tls.Insecure), "TLS insecure flag");
        }

        var min = (uint)Math.Max(1, Math.Ceiling(o.ReconnectDelayMin.TotalSeconds));
        var max = (uint)Math.Max(min, Math.Ceiling(o.ReconnectDelayMax.TotalSeconds));
        Check(LibMosquitto.mosquitto_reconnect_delay_set(_handle, min, max, true), "reconnect delay");
        Check(LibMosquitto.mosquitto_max_inflight_messages_set(_handle, (uint)o.MaxInflightMessages), "max inflight messages");

        LibMosquitto.mosquitto_connect_callback_set(_handle, &OnConnectNative);
        LibMosquitto.mosquitto_disconnect_callback_set(_handle, &OnDisconnectNative);
        LibMosquitto.mosquitto_publish_callback_set(_handle, &OnPublishNative);
        LibMosquitto.mosquitto_message_callback_set(_handle, &OnMessageNative);
        LibMosquitto.mosquitto_subscribe_callback_set(_handle, &OnSubscribeNative);
        LibMosquitto.mosquitto_unsubscribe_callback_set(_handle, &OnUnsubscribeNative);
        SetNativeLog(true);
    }

    /// <summary>Installs or removes libmosquitto's log callback (see <see cref="OnConnectNative"/>).</summary>
    private unsafe void SetNativeLog(bool on) =>
        LibMosquitto.mosquitto_log_callback_set(_handle, on ? &OnLogNative : null);

    private static void Check(int rc, string what)
    {
        if (rc != LibMosquitto.MOSQ_ERR_SUCCESS)
        {
            throw new MqttException($"libmosquitto rejected the {what} setting: {LibMosquitto.StrError(rc)}", rc);
        }
    }

    private static void ValidateTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            throw new ArgumentException("Topic must not be empty.", nameof(topic));
        }

        if (topic.Contains('#') || topic.Contains('+'))
        {
            throw new ArgumentException($"Topic '{topic}' must not contain wildcards.", nameof(topic));
        }
    }

    private async Task StopLoopAsync(Exception pendingError)
    {
        _ = LibMosquitto.mosquitto_disconnect(_handle);
        await Task.Run(() => LibMosquitto.mosquitto_loop_stop(_handle, false)).ConfigureAwait(false);
        _loopRunning = false;
        bool wasConnected;
        lock (_sync)
        {
            wasConnected = _connected;
            _connected = false;
            _resubscriptionsOutstanding = 0;
            if (_connectTcs is { } tcs)
            {
                _connectTcs = null;
                tcs.TrySetException(pendingError);
            }
        }

        FailPending(pendingError, includePublishes: true);
        if (wasConnected)
        {
            _connectionEvents.Writer.TryWrite(false);
        }
    }

    private void FailPending(Exception error, bool includePublishes)
    {
        List<TaskCompletionSource> toFail = new();
        lock (_sync)
        {
            foreach (var p in _pendingSubscriptions.Values)
            {
                if (p.Completion is not null)
                {
                    toFail.Add(p.Completion);
                }
            }

            _pendingSubscriptions.Clear();
            toFail.AddRange(_pendingUnsubscriptions.Values);
            _pendingUnsubscriptions.Clear();
            if (includePublishes)
            {
                toFail.AddRange(_pendingPublishes.Values);
                _pendingPublishes.Clear();
            }
        }

        foreach (var tcs in toFail)
        {
            tcs.TrySetException(error);
        }
    }

    private static async Task AwaitWithCancellation(TaskCompletionSource tcs, CancellationToken ct, Action forget)
    {
        try
        {
            await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && !tcs.Task.IsCompleted)
        {
            forget();
            throw;
        }
    }

    private void ForgetPublish(int mid, TaskCompletionSource tcs)
    {
        lock (_sync)
        {
            if (_pendingPublishes.TryGetValue(mid, out var current) && current == tcs)
            {
                _pendingPublishes.Remove(mid);
            }
        }
    }

    private void ForgetUnsubscription(int mid, TaskCompletionSource tcs)
    {
        lock (_sync)
        {
            if (_pendingUnsubscriptions.TryGetValue(mid, out var current) && current == tcs)
            {
                _pendingUnsubscriptions.Remove(mid);
            }
        }
    }

    private void ForgetSubscription(int mid, TaskCompletionSource tcs)
    {
        lock (_sync)
        {
            if (_pendingSubscriptions.TryGetValue(mid, out var current) && current.Completion == tcs)
            {
                _pendingSubscriptions.Remove(mid);
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private async Task PumpConnectionEventsAsync()
    {
        await foreach (var up in _connectionEvents.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                ConnectionChanged?.Invoke(up);
            }
            catch (Exception)
            {
                // A faulty handler must not stop later notifications.
            }
        }
    }

    // ---- Network-thread side: everything below runs on libmosquitto's thread and only moves data. ----

    private unsafe void HandleConnect(int rc)
    {
        lock (_sync)
        {
            if (rc != 0)
            {
                if (_connectTcs is { } tcs)
                {
                    _connectTcs = null;
                    var text = _options.Protocol == MqttProtocol.V5 ? LibMosquitto.ReasonString(rc) : LibMosquitto.ConnackString(rc);
                    tcs.TrySetException(new MqttException($"MQTT connection to {_options.Host}:{_options.Port} refused: {text}", rc));
                }

                return;
            }

            _resubscriptionsOutstanding = 0;
            foreach (var (filter, qos) in _subscriptions)
            {
                int mid = 0;
                if (LibMosquitto.mosquitto_subscribe(_handle, &mid, filter, qos) == LibMosquitto.MOSQ_ERR_SUCCESS)
                {
                    _pendingSubscriptions[mid] = new PendingSubscription(filter, qos, null);
                    _resubscriptionsOutstanding++;
                }
            }

            if (_resubscriptionsOutstanding == 0)
            {
                MarkReadyLocked();
            }
        }
    }

    private void MarkReadyLocked()
    {
        if (!_connected)
        {
            _connected = true;
            _connectionEvents.Writer.TryWrite(true);
        }

        if (_connectTcs is { } tcs)
        {
            _connectTcs = null;
            tcs.TrySetResult();
        }
    }

    private void HandleDisconnect(int rc)
    {
        List<TaskCompletionSource> toFail = new();
        TaskCompletionSource? connect;
        bool wasConnected;
        lock (_sync)
        {
            wasConnected = _connected;
            _connected = false;
            _resubscriptionsOutstanding = 0;
            foreach (var p in _pendingSubscriptions.Values)
            {
                if (p.Completion is not null)
                {
                    toFail.Add(p.Completion);
                }
            }

            _pendingSubscriptions.Clear();
            toFail.AddRange(_pendingUnsubscriptions.Values);
            _pendingUnsubscriptions.Clear();
            connect = _connectTcs;
            _connectTcs = null;
        }

        // QoS>0 publishes stay pending: libmosquitto keeps them and resends them after the reconnect.
        var error = new MqttException($"MQTT connection lost before the broker answered: {LibMosquitto.StrError(rc)}", rc);
        foreach (var tcs in toFail)
        {
            tcs.TrySetException(error);
        }

        connect?.TrySetException(error);
        if (wasConnected)
        {
            _connectionEvents.Writer.TryWrite(false);
        }
    }

    private void HandleUnsubscribe(int mid)
    {
        TaskCompletionSource? tcs;
        lock (_sync)
        {
            _pendingUnsubscriptions.Remove(mid, out tcs);
        }

        tcs?.TrySetResult();
    }

    private void HandleLog(int level, string text)
    {
        TaskCompletionSource? connect = null;
        lock (_sync)
        {
            _lastError = text;
            if (level == MosqLogErr && _connectTcs is not null && !_connected)
            {
                // An error while the first CONNECT is in flight (TLS handshake failures end libmosquitto's loop
                // without any other callback): fail the connect now instead of waiting for the timeout.
                connect = _connectTcs;
                _connectTcs = null;
            }
        }

        connect?.TrySetException(new MqttException($"MQTT connection to {_options.Host}:{_options.Port} failed: {text}"));
    }

    private void HandlePublish(int mid)
    {
        TaskCompletionSource? tcs;
        lock (_sync)
        {
            _pendingPublishes.Remove(mid, out tcs);
        }

        tcs?.TrySetResult();
    }

    private unsafe void HandleSubscribe(int mid, int qosCount, int* granted)
    {
        TaskCompletionSource? tcs = null;
        Exception? error = null;
        lock (_sync)
        {
            if (!_pendingSubscriptions.Remove(mid, out var pending))
            {
                return;
            }

            var grantedQos = qosCount > 0 ? granted[0] : 0x80;
            var refused = grantedQos >= 0x80;
            if (pending.Completion is null)
            {
                // A re-subscription after reconnect.
                if (--_resubscriptionsOutstanding <= 0)
                {
                    _resubscriptionsOutstanding = 0;
                    MarkReadyLocked();
                }

                return;
            }

            tcs = pending.Completion;
            if (refused)
            {
                error = new MqttException($"Broker refused the subscription to '{pending.Filter}' (granted QoS 0x{grantedQos:X2}).", grantedQos);
            }
            else
            {
                _subscriptions[pending.Filter] = pending.Qos;
            }
        }

        if (error is null)
        {
            tcs.TrySetResult();
        }
        else
        {
            tcs.TrySetException(error);
        }
    }

    private unsafe void HandleMessage(MosquittoNativeMessage* m)
    {
        var topic = Marshal.PtrToStringUTF8(m->Topic) ?? string.Empty;
        var payload = m->PayloadLen > 0 ? new ReadOnlySpan<byte>((void*)m->Payload, m->PayloadLen).ToArray() : Array.Empty<byte>();
        _messages.Writer.TryWrite(new MqttMessage(topic, payload, m->Qos, m->Retain != 0));
    }

    private static MqttClient? FromUserData(IntPtr obj)
    {
        if (obj == IntPtr.Zero)
        {
            return null;
        }

        return GCHandle.FromIntPtr(obj).Target as MqttClient;
    }

    [UnmanagedCallersOnly]
    private static void OnConnectNative(IntPtr mosq, IntPtr obj, int rc)
    {
        try
        {
            var client = FromUserData(obj);
            client?.HandleConnect(rc);
            if (rc == 0 && client is not null)
            {
                // libmosquitto formats a log line (malloc + vsnprintf + a call into managed code) for every packet
                // while a log callback is set; only its error lines matter, and only while (re)connecting, so the
                // callback is off while the session is up (measured: ingest bench, see gateway/README.md).
                client.SetNativeLog(false);
            }
        }
        catch (Exception)
        {
            // Never let an exception unwind into native code.
        }
    }

    [UnmanagedCallersOnly]
    private static void OnDisconnectNative(IntPtr mosq, IntPtr obj, int rc)
    {
        try
        {
            var client = FromUserData(obj);
            client?.HandleDisconnect(rc);
            client?.SetNativeLog(true); // reconnect errors (refused, TLS) only reach us as log lines
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPublishNative(IntPtr mosq, IntPtr obj, int mid)
    {
        try
        {
            FromUserData(obj)?.HandlePublish(mid);
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnSubscribeNative(IntPtr mosq, IntPtr obj, int mid, int qosCount, int* granted)
    {
        try
        {
            FromUserData(obj)?.HandleSubscribe(mid, qosCount, granted);
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnMessageNative(IntPtr mosq, IntPtr obj, MosquittoNativeMessage* message)
    {
        try
        {
            FromUserData(obj)?.HandleMessage(message);
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnUnsubscribeNative(IntPtr mosq, IntPtr obj, int mid)
    {
        try
        {
            FromUserData(obj)?.HandleUnsubscribe(mid);
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnLogNative(IntPtr mosq, IntPtr obj, int level, IntPtr text)
    {
        if ((level & (MosqLogErr | MosqLogWarning)) == 0)
        {
            return; // debug/info lines (one per packet) are not even turned into strings
        }

        try
        {
            FromUserData(obj)?.HandleLog(level, Marshal.PtrToStringUTF8(text) ?? string.Empty);
        }
        catch (Exception)
        {
        }
    }

    private sealed record PendingSubscription(string Filter, int Qos, TaskCompletionSource? Completion);
}
