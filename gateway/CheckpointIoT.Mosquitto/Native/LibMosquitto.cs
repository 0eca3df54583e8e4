using System.Runtime.InteropServices;

namespace CheckpointIoT.Mosquitto.Native;

/// <summary>
/// Raw P/Invoke surface of libmosquitto.so.1 (2.0.x ABI). Callers go through <see cref="EnsureInitialized"/>
/// first, which loads the library, turns "not installed" into a clear message and runs mosquitto_lib_init once.
/// </summary>
internal static unsafe partial class LibMosquitto
{
    public const string LibraryName = "libmosquitto.so.1";

    public const int MOSQ_ERR_SUCCESS = 0;
    public const int MOSQ_ERR_NOMEM = 1;
    public const int MOSQ_ERR_INVAL = 3;
    public const int MOSQ_ERR_NO_CONN = 4;
    public const int MOSQ_ERR_ERRNO = 14;
    public const int MOSQ_OPT_PROTOCOL_VERSION = 1;
    public const int MOSQ_OPT_TCP_NODELAY = 11;
    public const int MQTT_PROTOCOL_V311 = 4;
    public const int MQTT_PROTOCOL_V5 = 5;

    private static readonly Lock s_initLock = new();
    private static bool s_initialized;

    /// <summary>Loads libmosquitto and calls mosquitto_lib_init exactly once per process (thread-safe).</summary>
    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref s_initialized))
        {
            return;
        }

        lock (s_initLock)
        {
            if (s_initialized)
            {
                return;
            }

            if (!TryLoad(LibraryName, out var error))
            {
                throw new MqttException(MosquittoInstallHints.LibraryNotFound, new DllNotFoundException(error));
            }

            var rc = mosquitto_lib_init();
            if (rc != MOSQ_ERR_SUCCESS)
            {
                throw new MqttException($"mosquitto_lib_init failed: {StrError(rc)}");
            }

            Volatile.Write(ref s_initialized, true);
        }
    }

    /// <summary>Probes whether a native library can be loaded (used for the install hint; testable with a bogus name).</summary>
    public static bool TryLoad(string libraryName, out string? error)
    {
        try
        {
            if (NativeLibrary.TryLoad(libraryName, typeof(LibMosquitto).Assembly, null, out var handle))
            {
                // Keep it loaded: the runtime resolves the same name for the imports below.
                _ = handle;
                error = null;
                return true;
            }

            error = $"{libraryName} could not be loaded by the dynamic linker";
            return false;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            error = ex.Message;
            return false;
        }
    }

    public static string StrError(int rc)
    {
        var p = mosquitto_strerror(rc);
        return p == IntPtr.Zero ? $"error {rc}" : Marshal.PtrToStringUTF8(p) ?? $"error {rc}";
    }

    public static string ConnackString(int code)
    {
        var p = mosquitto_connack_string(code);
        return p == IntPtr.Zero ? $"connack {code}" : Marshal.PtrToStringUTF8(p) ?? $"connack {code}";
    }

    public static string ReasonString(int code)
    {
        var p = mosquitto_reason_string(code);
        return p == IntPtr.Zero ? $"reason {code}" : Marshal.PtrToStringUTF8(p) ?? $"reason {code}";
    }

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_lib_init();

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_lib_version(out int major, out int minor, out int revision);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr mosquitto_new(string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, IntPtr obj);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_destroy(IntPtr mosq);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_username_pw_set(MosquittoHandle mosq, string? username, string? password);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_will_set(MosquittoHandle mosq, string topic, int payloadLen, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_tls_set(MosquittoHandle mosq, string? caFile, string? caPath, string? certFile, string? keyFile, IntPtr pwCallback);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_tls_insecure_set(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_int_option(MosquittoHandle mosq, int option, int value);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int mosquitto_connect(MosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_reconnect_delay_set(MosquittoHandle mosq, uint delay, uint delayMax, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_max_inflight_messages_set(MosquittoHandle mosq, uint maxInflight);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_loop_start(MosquittoHandle mosq);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_loop_stop(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_publish(MosquittoHandle mosq, int* mid, string topic, int payloadLen, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_subscribe(MosquittoHandle mosq, int* mid, string sub, int qos);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_unsubscribe(MosquittoHandle mosq, int* mid, string sub);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_disconnect(MosquittoHandle mosq);

    [LibraryImport(LibraryName)]
    public static partial int mosquitto_socket(MosquittoHandle mosq);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_connect_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, int, void> callback);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_disconnect_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, int, void> callback);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_publish_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, int, void> callback);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_message_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, MosquittoNativeMessage*, void> callback);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_subscribe_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, int, int, int*, void> callback);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_unsubscribe_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, int, void> callback);

    [LibraryImport(LibraryName)]
    public static partial void mosquitto_log_callback_set(MosquittoHandle mosq, delegate* unmanaged<IntPtr, IntPtr, int, IntPtr, void> callback);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mosquitto_strerror(int rc);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mosquitto_connack_string(int code);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mosquitto_reason_string(int code);
}
