using System.Reflection;
using System.Runtime.InteropServices;
using CheckpointIoT.Mosquitto;

namespace CheckpointIoT.Gateway.Mqtt;

/// <summary>
/// Turns off Nagle's algorithm (libmosquitto MOSQ_OPT_TCP_NODELAY) on an <see cref="MqttClient"/> before it connects.
/// Without it a verdict publish that follows a PUBACK waits for the peer's delayed ACK: ~27 ms median verdict
/// latency instead of ~1 ms. TODO(binding): replace with an MqttClientOptions switch once CheckpointIoT.Mosquitto
/// offers one; until then this reaches the client's native handle by reflection and does nothing if that fails.
/// </summary>
public static partial class MqttTcpNoDelay
{
    private const int MosqOptTcpNoDelay = 11;

    /// <summary>True when the option was set. Call between construction and ConnectAsync.</summary>
    public static bool TryEnable(MqttClient client)
    {
        try
        {
            var field = typeof(MqttClient).GetField("_handle", BindingFlags.Instance | BindingFlags.NonPublic);
            if (field?.GetValue(client) is not SafeHandle handle || handle.IsInvalid)
            {
                return false;
            }

            var added = false;
            handle.DangerousAddRef(ref added);
            try
            {
                return mosquitto_int_option(handle.DangerousGetHandle(), MosqOptTcpNoDelay, 1) == 0;
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or FieldAccessException or TargetException)
        {
            return false;
        }
    }

    [LibraryImport("libmosquitto.so.1")]
    private static partial int mosquitto_int_option(IntPtr mosq, int option, int value);
}
