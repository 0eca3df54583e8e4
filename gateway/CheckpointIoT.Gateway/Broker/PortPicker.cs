using System.Net;
using System.Net.Sockets;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>Finds a TCP port the embedded broker can listen on.</summary>
public static class PortPicker
{
    public static bool IsFree(string host, int port)
    {
        try
        {
            var address = IPAddress.TryParse(host, out var a) ? a : IPAddress.Loopback;
            using var listener = new TcpListener(address, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary><paramref name="preferred"/> when free, else the first free port above it (0 = any free port).</summary>
    public static int Pick(string host, int preferred)
    {
        if (preferred == 0)
        {
            var address = IPAddress.TryParse(host, out var a) ? a : IPAddress.Loopback;
            using var listener = new TcpListener(address, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        for (var p = preferred; p <= Math.Min(65535, preferred + 200); p++)
        {
            if (IsFree(host, p))
            {
                return p;
            }
        }

        throw new InvalidOperationException($"No free TCP port on {host} from {preferred} to {preferred + 200}.");
    }
}
