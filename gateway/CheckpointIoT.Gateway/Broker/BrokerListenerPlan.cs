using System.Net;
using CheckpointIoT.Gateway.Configuration;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Which listeners the embedded broker opens for Gateway:Broker (pure): loopback Host:Port always; LAN LanBind:LanPort
/// when LanBind is set and LanPort &gt; 0 (a wildcard LanBind on the loopback's own port replaces the loopback listener:
/// one socket serves both); TLS on LanBind (else 0.0.0.0):TlsPort when a certificate is configured.
/// </summary>
public static class BrokerListenerPlan
{
    public sealed record Entry(string Name, IPAddress Address, int Port, bool Tls);

    /// <summary>The listeners for <paramref name="b"/> with the loopback listener on <paramref name="loopbackPort"/>.</summary>
    public static IReadOnlyList<Entry> Plan(BrokerOptions b, int loopbackPort)
    {
        var loopback = IPAddress.Parse(b.Host);
        var entries = new List<Entry>();
        IPAddress? lan = string.IsNullOrEmpty(b.LanBind) ? null : IPAddress.Parse(b.LanBind);
        if (lan is not null && b.LanPort > 0)
        {
            if (IsWildcard(lan) && b.LanPort == loopbackPort)
            {
                loopback = lan;
            }
            else
            {
                entries.Add(new Entry("lan", lan, b.LanPort, false));
            }
        }

        entries.Insert(0, new Entry("loopback", loopback, loopbackPort, false));
        if (!string.IsNullOrEmpty(b.TlsCertFile))
        {
            entries.Add(new Entry("tls", lan ?? IPAddress.Any, b.TlsPort, true));
        }

        return entries;
    }

    /// <summary>The port nodes are told (the LAN listener's, else the loopback's).</summary>
    public static int NodePort(IReadOnlyList<Entry> plan) =>
        plan.FirstOrDefault(e => e.Name == "lan")?.Port ?? plan[0].Port;

    public static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
