using System.Diagnostics;
using CheckpointIoT.Gateway.Broker;

namespace CheckpointIoT.Gateway.Tests.Broker;

public sealed class BrokerPasswordHashTests
{
    [Fact]
    public void Hash_ThenVerify_RightPasswordOnly()
    {
        var hash = BrokerPasswordHash.Hash("correct horse", 1000);

        Assert.True(BrokerPasswordHash.Verify("correct horse", hash));
        Assert.False(BrokerPasswordHash.Verify("correct hors", hash));
        Assert.False(BrokerPasswordHash.Verify(string.Empty, hash));
    }

    [Fact]
    public void Hash_Format_IsPrefixIterationsSaltAndSha256Length()
    {
        var hash = BrokerPasswordHash.Hash("pw", 1234);

        var parts = hash.Split('$');
        Assert.StartsWith("$pbkdf2-sha256$1234$", hash);
        Assert.Equal(5, parts.Length);
        Assert.Equal(16, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[4]).Length);
        Assert.False(BrokerPasswordHash.IsLegacy(hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DiffersBySalt()
    {
        Assert.NotEqual(BrokerPasswordHash.Hash("pw", 10), BrokerPasswordHash.Hash("pw", 10));
    }

    [Fact]
    public void Hash_KnownSalt_MatchesIndependentPbkdf2Sha256()
    {
        var salt = new byte[16];
        var expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("pw"u8.ToArray(), salt, 7, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);

        Assert.Equal($"$pbkdf2-sha256$7${Convert.ToBase64String(salt)}${Convert.ToBase64String(expected)}", BrokerPasswordHash.Hash("pw", 7, salt));
    }

    [Fact]
    public void Verify_MosquittoPasswdHash_StillVerifies()
    {
        // Written by Debian's mosquitto_passwd 2.0 ($7$ = PBKDF2-SHA512, 101 iterations): what older gateway databases hold.
        const string legacy = "$7$101$wgLceJcAwfSReBFp$MJ1W33z4XAyaxjxOQo805f7JFQQvV4pDfTddS0QnykKwmR1nJmaTCRlQaEqqEQYWt9hZ5PUmw12La+2xcvoqtQ==";

        Assert.True(BrokerPasswordHash.Verify("s3cret-Pass", legacy));
        Assert.False(BrokerPasswordHash.Verify("s3cret-pass", legacy));
        Assert.True(BrokerPasswordHash.IsLegacy(legacy));
    }

    [Fact]
    public async Task Verify_HashFreshlyWrittenByMosquittoPasswd_Verifies()
    {
        var file = Path.Combine(Path.GetTempPath(), "cp-passwd-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var p = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-c", "-b", file, "n-old", "p@ss w0rd"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await p.WaitForExitAsync(cts.Token);
            Assert.Equal(0, p.ExitCode);
            var hash = File.ReadAllText(file).Trim().Split(':', 2)[1];

            Assert.StartsWith("$7$", hash);
            Assert.True(BrokerPasswordHash.Verify("p@ss w0rd", hash));
            Assert.False(BrokerPasswordHash.Verify("p@ss w0rd ", hash));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("$pbkdf2-sha256$")]
    [InlineData("$pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$pbkdf2-sha256$10$not base64!$AAAA")]
    [InlineData("$pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA==$")]
    [InlineData("$pbkdf2-sha256$10$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("$7$101$wgLceJcAwfSReBFp")]
    [InlineData("$6$rounds=5000$salt$hash")]
    public void Verify_MalformedHash_IsFalseNotAnException(string encoded)
    {
        Assert.False(BrokerPasswordHash.Verify("pw", encoded));
    }
}
