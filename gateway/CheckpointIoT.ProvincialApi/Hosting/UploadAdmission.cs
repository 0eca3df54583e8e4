using System.Collections.Concurrent;

namespace CheckpointIoT.ProvincialApi.Hosting;

/// <summary>Counts uploads in flight per gateway; beyond the limit the caller answers 429 with Retry-After.</summary>
internal sealed class UploadAdmission(int maxPerGateway)
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public bool TryEnter(string gatewayId)
    {
        var now = _inFlight.AddOrUpdate(gatewayId, 1, (_, n) => n + 1);
        if (now > maxPerGateway)
        {
            Leave(gatewayId);
            return false;
        }
        return true;
    }

    public void Leave(string gatewayId) => _inFlight.AddOrUpdate(gatewayId, 0, (_, n) => Math.Max(0, n - 1));
}
