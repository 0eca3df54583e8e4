using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CheckpointIoT.ProvincialApi.Hosting;

/// <summary>Maps "Authorization: Bearer &lt;token&gt;" to a gateway id (or the admin role); constant-time comparison.</summary>
internal sealed class GatewayAuthenticator
{
    private readonly (string GatewayId, byte[] Token)[] _gateways;
    private readonly byte[] _admin;

    public GatewayAuthenticator(ProvincialServerOptions options)
    {
        _gateways = options.EffectiveTokens.Select(kv => (kv.Key, Encoding.UTF8.GetBytes(kv.Value))).ToArray();
        _admin = Encoding.UTF8.GetBytes(options.EffectiveAdminToken);
    }

    /// <summary>The gateway the request's bearer token belongs to, or null.</summary>
    public string? AuthenticateGateway(HttpRequest request)
    {
        var token = BearerToken(request);
        if (token is null)
        {
            return null;
        }
        string? match = null;
        foreach (var (gatewayId, expected) in _gateways)
        {
            if (CryptographicOperations.FixedTimeEquals(token, expected))
            {
                match = gatewayId;
            }
        }
        return match;
    }

    public bool IsAdmin(HttpRequest request)
    {
        var token = BearerToken(request);
        return token is not null && CryptographicOperations.FixedTimeEquals(token, _admin);
    }

    private static byte[]? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length == prefix.Length)
        {
            return null;
        }
        return Encoding.UTF8.GetBytes(header[prefix.Length..].Trim());
    }
}
