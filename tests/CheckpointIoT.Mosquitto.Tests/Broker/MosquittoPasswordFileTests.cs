using System.Diagnostics;

namespace CheckpointIoT.Mosquitto.Tests.Broker;

public sealed class MosquittoPasswordFileTests
{
    [Fact]
    public void Verify_HashWrittenByMosquittoPasswd_MatchesOnlyTheRightPassword()
    {
        var dir = Directory.CreateTempSubdirectory("ckpt-passwd-");
        try
        {
            var file = Path.Combine(dir.FullName, "passwd");
            var psi = new ProcessStartInfo("mosquitto_passwd") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-c", "-b", file, "node-7", "pässwörd with spaces" })
            {
                psi.ArgumentList.Add(a);
            }

            using (var p = Process.Start(psi)!)
            {
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
            }

            var line = File.ReadAllLines(file).Single();
            var hash = line["node-7:".Length..];
            Assert.StartsWith("$7$", hash);

            Assert.True(MosquittoPasswordFile.Verify("pässwörd with spaces", hash));
            Assert.False(MosquittoPasswordFile.Verify("pässwörd with space", hash));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void HashPassword_FixedSalt_HasMosquittoLayout()
    {
        var salt = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();

        var hash = MosquittoPasswordFile.HashPassword("pw", 101, salt);

        var parts = hash.Split('$');
        Assert.Equal(5, parts.Length);
        Assert.Equal("7", parts[1]);
        Assert.Equal("101", parts[2]);
        Assert.Equal(salt, Convert.FromBase64String(parts[3]));
        Assert.Equal(64, Convert.FromBase64String(parts[4]).Length);
        Assert.True(MosquittoPasswordFile.Verify("pw", hash));
    }

    [Fact]
    public void HashPassword_SamePasswordTwice_DifferentSalts()
    {
        Assert.NotEqual(MosquittoPasswordFile.HashPassword("pw"), MosquittoPasswordFile.HashPassword("pw"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$6$abc$def")]
    [InlineData("$7$x$AAAA$BBBB")]
    [InlineData("$7$101$not-base64!$AAAA")]
    public void Verify_MalformedHash_ReturnsFalse(string encoded)
    {
        Assert.False(MosquittoPasswordFile.Verify("pw", encoded));
    }

    [Fact]
    public void Render_DuplicateUser_Throws()
    {
        var users = new[] { new MqttCredential("a", "1"), new MqttCredential("a", "2") };

        Assert.Throws<ArgumentException>(() => MosquittoPasswordFile.Render(users));
    }

    [Fact]
    public void Render_TwoUsers_OneVerifiableLineEach()
    {
        var text = MosquittoPasswordFile.Render(new[] { new MqttCredential("a", "1"), new MqttCredential("b", "2") });

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.True(MosquittoPasswordFile.Verify("1", lines[0]["a:".Length..]));
        Assert.True(MosquittoPasswordFile.Verify("2", lines[1]["b:".Length..]));
    }

    [Fact]
    public void MqttCredential_ToString_DoesNotLeakPassword()
    {
        Assert.DoesNotContain("secret", new MqttCredential("u", "secret").ToString());
    }
}
