using System.Security.Cryptography;
using System.Text;
using CheckpointIoT.Gateway.Identity;

namespace CheckpointIoT.Gateway.Api;

/// <summary>The admin bearer token: generated at first start into &lt;DataDirectory&gt;/admin.token (mode 0600). Never logged.</summary>
public sealed class AdminToken
{
    private readonly byte[] _token;

    public AdminToken(string token)
    {
        _token = Encoding.UTF8.GetBytes(token);
    }

    public static AdminToken LoadOrCreate(string dataDirectory, out string path)
    {
        path = Path.Combine(Path.GetFullPath(dataDirectory), "admin.token");
        return new AdminToken(SecretFile.ReadOrCreateToken(path, 32));
    }

    /// <summary>True when <paramref name="authorization"/> is "Bearer &lt;token&gt;" (constant-time compare).</summary>
    public bool Matches(string? authorization)
    {
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(authorization[prefix.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, _token);
    }

    public override string ToString() => "AdminToken(***)";
}
