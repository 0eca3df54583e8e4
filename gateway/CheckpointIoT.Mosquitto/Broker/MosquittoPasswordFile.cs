using System.Security.Cryptography;
using System.Text;

namespace CheckpointIoT.Mosquitto;

/// <summary>
/// Mosquitto 2.x password file lines in its own "$7$" format:
/// <c>user:$7$&lt;iterations&gt;$&lt;base64 salt (12 bytes)&gt;$&lt;base64 PBKDF2-HMAC-SHA512(password, salt, iterations, 64 bytes)&gt;</c>,
/// the same as <c>mosquitto_passwd</c> writes (its default is 101 iterations).
/// </summary>
public static class MosquittoPasswordFile
{
    public const int DefaultIterations = 101;
    private const int SaltLength = 12;
    private const int HashLength = 64;

    /// <summary>Renders a whole password file (one line per user, '\n' separated).</summary>
    public static string Render(IEnumerable<MqttCredential> users, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(users);
        var sb = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            ValidateUsername(user.Username);
            if (!seen.Add(user.Username))
            {
                throw new ArgumentException($"Duplicate broker user '{user.Username}'.", nameof(users));
            }

            sb.Append(user.Username).Append(':').Append(HashPassword(user.Password, iterations)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Hashes one password with a fresh random salt (or the given one).</summary>
    public static string HashPassword(string password, int iterations = DefaultIterations, byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Iterations must be positive.");
        }

        salt ??= RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashLength);
        return $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Checks a password against a "$7$..." hash (the part after "user:").</summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(encoded);
        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != "7" || !int.TryParse(parts[2], out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[3]);
            expected = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    internal static void ValidateUsername(string username)
    {
        if (string.IsNullOrEmpty(username) || username.Contains(':') || username.Contains('\n') || username.Contains('\r'))
        {
            throw new ArgumentException("Broker usernames must be non-empty and contain no ':' or line breaks.", nameof(username));
        }
    }
}
