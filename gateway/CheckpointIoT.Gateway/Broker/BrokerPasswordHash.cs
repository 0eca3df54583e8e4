using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// The node passwords' hashes in the registry (pure). The product's own format, written by every enrolment and rotation:
/// <c>$pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt (16 bytes)&gt;$&lt;base64 PBKDF2-HMAC-SHA256(UTF-8 password, salt, iterations, 32 bytes)&gt;</c>.
/// Verification also accepts mosquitto's <c>$7$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 PBKDF2-HMAC-SHA512(..., 64 bytes)&gt;</c>,
/// which databases from before the embedded MQTTnet broker hold, so enrolled nodes keep logging in after an upgrade.
/// Comparisons are constant-time; a malformed hash never verifies.
/// </summary>
public static class BrokerPasswordHash
{
    public const string Prefix = "$pbkdf2-sha256$";
    public const string MosquittoPrefix = "$7$";
    private const int SaltLength = 16;
    private const int HashLength = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt (or <paramref name="salt"/>, for tests).</summary>
    public static string Hash(string password, int iterations, byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        salt ??= RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashLength);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="encoded"/> (either format).</summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (string.IsNullOrEmpty(encoded))
        {
            return false;
        }

        HashAlgorithmName algorithm;
        string rest;
        if (encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            algorithm = HashAlgorithmName.SHA256;
            rest = encoded[Prefix.Length..];
        }
        else if (encoded.StartsWith(MosquittoPrefix, StringComparison.Ordinal))
        {
            algorithm = HashAlgorithmName.SHA512;
            rest = encoded[MosquittoPrefix.Length..];
        }
        else
        {
            return false;
        }

        var parts = rest.Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[1]);
            expected = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (salt.Length == 0 || expected.Length is < 16 or > 64)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, algorithm, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True for a hash in mosquitto's legacy format (still verified, rewritten at the next rotation).</summary>
    public static bool IsLegacy(string encoded) => encoded.StartsWith(MosquittoPrefix, StringComparison.Ordinal);
}
