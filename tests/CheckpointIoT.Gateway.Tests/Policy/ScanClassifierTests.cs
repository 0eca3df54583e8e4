using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Policy;

public sealed class ScanClassifierTests
{
    private static readonly IdentityHasher Hasher = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Classify_CccdAndUnifiedOfSamePerson_SameIdentityHash()
    {
        var cccd = ScanClassifier.Classify(Samples.Cccd("001099012345") + "\r\n");
        var unified = ScanClassifier.Classify(Samples.Unified("001099012345"));

        Assert.Equal(QrKind.ChipIdCard, cccd.Kind);
        Assert.Equal(QrKind.UnifiedPersonal, unified.Kind);
        Assert.Equal(Hasher.Hash(cccd.Identity!.Value), Hasher.Hash(unified.Identity!.Value));
        Assert.Equal("0010******45", cccd.MaskedId);
    }

    [Fact]
    public void Hash_IsSaltedSha256OfDocumentNumber()
    {
        var salt = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. salt, .. "001099012345"u8.ToArray()]));

        Assert.Equal(expected, Hasher.Hash(new ScanIdentity("ID", "001099012345")));
        Assert.NotEqual(expected, new IdentityHasher(new byte[32]).Hash(new ScanIdentity("ID", "001099012345")));
    }

    [Fact]
    public void Classify_MaskedUnified_FallsBackToNationalQrId()
    {
        var c = ScanClassifier.Classify(Samples.Unified("0010******45"));

        Assert.Equal(new ScanIdentity("QRID", "QR123456789"), c.Identity);
    }

    [Theory]
    [InlineData("", QrKind.Empty)]
    [InlineData("just text", QrKind.Unknown)]
    public void Classify_Unusable_HasNoIdentity(string text, QrKind kind)
    {
        var c = ScanClassifier.Classify(text);

        Assert.Equal(kind, c.Kind);
        Assert.Null(c.Identity);
    }

    [Fact]
    public void Classify_Certificate_IdentityIsWholeText()
    {
        var c = ScanClassifier.Classify(Samples.Hc1);

        Assert.Equal(QrKind.EuDcc, c.Kind);
        Assert.Equal("TXT", c.Identity!.Value.Namespace);
    }

    [Theory]
    [InlineData("00109901234||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021")] // 11 digits
    [InlineData("0010990123456||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021")] // 13 digits
    [InlineData("001099012345||Nguyễn Văn An|31021990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021")] // 31 February
    public void Classify_MalformedCccd_IsGarbledWithoutIdentity(string text)
    {
        var c = ScanClassifier.Classify(text);

        Assert.Equal(QrKind.Garbled, c.Kind);
        Assert.Null(c.Identity);
    }

    [Fact]
    public void Evaluate_MalformedCccd_FailsWithReasonGarbled()
    {
        var c = ScanClassifier.Classify("00109901234||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021");
        var policy = new CheckpointIoT.Gateway.Policy.VerdictPolicy(new CheckpointIoT.Gateway.Configuration.GatewayOptions());

        var decision = policy.Evaluate(new CheckpointIoT.Gateway.Policy.PolicyInput("cp-1", DoorDirection.In, c.Kind, null, 1_700_000_000_000), new Fakes.FakePolicyState());

        Assert.Equal(VerdictResult.Fail, decision.Result);
        Assert.Equal(ReasonCode.Garbled, decision.Reason);
    }
}
