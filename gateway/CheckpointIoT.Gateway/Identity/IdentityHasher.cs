using System.Security.Cryptography;
using System.Text;

namespace CheckpointIoT.Gateway.Identity;

/// <summary>
/// identity hash = lowercase hex SHA-256(salt ‖ UTF-8(normalised document number)) for a citizen id number;
/// other keys are prefixed with their namespace ("BHYT:", "QRID:", "TXT:") so they never collide. The salt is
/// per deployment (32 random bytes in &lt;DataDirectory&gt;/identity.salt, created at first start, mode 0600),
/// so hashes cannot be joined across deployments.
/// </summary>
public sealed class IdentityHasher
{
    private readonly byte[] _salt;

    public IdentityHasher(byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length < 16)
        {
            throw new ArgumentException("The identity salt must be at least 16 bytes.", nameof(salt));
        }

        _salt = (byte[])salt.Clone();
    }

    public string Hash(ScanIdentity identity)
    {
        var text = identity.Namespace == "ID" ? identity.Value : identity.Namespace + ":" + identity.Value;
        var max = _salt.Length + Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = max <= 1024 ? stackalloc byte[max] : new byte[max];
        _salt.CopyTo(buffer);
        var n = Encoding.UTF8.GetBytes(text, buffer[_salt.Length..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer[..(_salt.Length + n)], digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Reads the salt file or creates it (32 random bytes, mode 0600).</summary>
    public static IdentityHasher LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            SecretFile.WriteNew(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        }

        var salt = Convert.FromHexString(File.ReadAllText(path).Trim());
        return new IdentityHasher(salt);
    }
}
