using System.Text;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Qr;

public class QrClassifierTests
{
    // FORMATS.md section 2, synthetic CCCD example.
    internal const string Cccd = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";

    // Decision 1405 unified personal QR, constructed from the layout in FORMATS.md (document number masked by default).
    internal const string Unified = "0010******45|NGUYEN VAN AN|1990-01-01|0|QR0123456789|Nam<GD4010123456789<0912345678";

    internal static string Hex(string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)).ToLowerInvariant();

    // BHYT: card number | hex UTF-8 name | dd/MM/yyyy | gender 1/2 | hex UTF-8 address | ... (layout inferred).
    internal static readonly string Bhyt = "GD4010123456789|" + Hex("Trần Thị Bình") + "|15/08/1985|2|" + Hex("Hà Nội") + "|01-001|01/01/2021|31/12/2021|";

    [Fact]
    public void Classify_SyntheticCccd_ChipIdCardWithAllFields()
    {
        var info = QrClassifier.Classify(Cccd);
        Assert.Equal(QrKind.ChipIdCard, info.Kind);
        Assert.True(info.IsValid, info.Error);
        Assert.Equal("001099012345", info.DocumentNumber);
        Assert.Equal("0010******45", info.MaskedId);
        Assert.Equal("Nguyễn Văn An", info.Name);
        Assert.Equal("1990-01-01", info.BirthDate);
        Assert.Equal("M", info.Gender);
        Assert.Equal("2021-07-10", info.IssueDate);
        Assert.Equal(7, info.FieldCount);
    }

    [Fact]
    public void Classify_CccdWithStraySpacesAndTerminator_StillValid()
    {
        var info = QrClassifier.Classify(" 001099 012345 | |Nguyễn Văn An | 01011990 | Nam |Hà Nội| 10072021 \r\n");
        Assert.Equal(QrKind.ChipIdCard, info.Kind);
        Assert.True(info.IsValid, info.Error);
        Assert.Equal("001099012345", info.DocumentNumber);
        Assert.Equal("Nguyễn Văn An", info.Name);
    }

    [Fact]
    public void Classify_CccdWithOldIdAndExtraFields_Valid()
    {
        var info = QrClassifier.Classify("079203001234|025123456|Lê Thị Hoa|29022004|Nữ|Quận 1, TP HCM|01012022|extra|more");
        Assert.Equal(QrKind.ChipIdCard, info.Kind);
        Assert.True(info.IsValid, info.Error);
        Assert.Equal("2004-02-29", info.BirthDate);
        Assert.Equal("F", info.Gender);
        Assert.Equal(9, info.FieldCount);
    }

    [Fact]
    public void Classify_CccdFemaleWithCombiningMarks_GenderF()
    {
        string decomposed = "Nu\u031B\u0303"; // N u + horn + tilde
        var info = QrClassifier.Classify("079203001234||Lê Thị Hoa|01012000|" + decomposed + "|x|01012022");
        Assert.Equal("F", info.Gender);
        Assert.True(info.IsValid, info.Error);
    }

    [Theory]
    [InlineData("001099012345||Nguyễn Văn An|31021990|Nam|addr|10072021", "CCCD: birth date not ddMMyyyy")]
    [InlineData("001099012345||Nguyễn Văn An|1990-01-01|Nam|addr|10072021", "CCCD: birth date not ddMMyyyy")]
    [InlineData("001099012345|12345|Nguyễn Văn An|01011990|Nam|addr|10072021", "CCCD: old ID not 9 digits")]
    [InlineData("001099012345||  |01011990|Nam|addr|10072021", "CCCD: name empty")]
    [InlineData("001099012345||Nguyễn Văn An|01011990|Khác|addr|10072021", "CCCD: gender not Nam/Nữ")]
    [InlineData("001099012345||Nguyễn Văn An|01011990|Nam|addr|1007202", "CCCD: issue date not ddMMyyyy")]
    [InlineData("00109901234||Nguyễn Văn An|01011990|Nam|addr|10072021", "CCCD: ID not 12 digits")]
    public void Classify_CccdWithBadField_ErrorNamesTheField(string text, string error)
    {
        var info = QrClassifier.Classify(text);
        Assert.Equal(QrKind.ChipIdCard, info.Kind);
        Assert.False(info.IsValid);
        Assert.Equal(error, info.Error);
    }

    [Fact]
    public void Classify_Unified1405_AllFieldsParsed()
    {
        var info = QrClassifier.Classify(Unified);
        Assert.Equal(QrKind.UnifiedPersonal, info.Kind);
        Assert.True(info.IsValid, info.Error);
        Assert.Equal("0010******45", info.DocumentNumber);
        Assert.Equal("0010******45", info.MaskedId);
        Assert.Equal("NGUYEN VAN AN", info.Name);
        Assert.Equal("1990-01-01", info.BirthDate);
        Assert.Equal("M", info.Gender);
        Assert.False(info.OnBehalf);
    }

    [Fact]
    public void Classify_Unified1405OnBehalfUnmasked_MasksForLogs()
    {
        var info = QrClassifier.Classify("001099012345|TRAN THI BINH|1985-08-15|1|QR42|Nữ<<");
        Assert.Equal(QrKind.UnifiedPersonal, info.Kind);
        Assert.True(info.IsValid, info.Error);
        Assert.True(info.OnBehalf);
        Assert.Equal("F", info.Gender);
        Assert.Equal("0010******45", info.MaskedId);
    }

    [Theory]
    [InlineData("0010******45|Nguyen Van An|1990-01-01|0|QR1|Nam", "1405: name not capitals without diacritics")]
    [InlineData("0010******45|NGUYỄN VĂN AN|1990-01-01|0|QR1|Nam", "1405: name not capitals without diacritics")]
    [InlineData("0010******45|NGUYEN VAN AN|1990-13-01|0|QR1|Nam", "1405: birth date not yyyy-MM-dd")]
    [InlineData("0010******45|NGUYEN VAN AN|01/01/1990|0|QR1|Nam", "1405: birth date not yyyy-MM-dd")]
    [InlineData("0010******45|NGUYEN VAN AN|1990-01-01|2|QR1|Nam", "1405: declaration flag not 0 or 1")]
    [InlineData("|NGUYEN VAN AN|1990-01-01|0|QR1|Nam", "1405: document number empty")]
    [InlineData("0010#45|NGUYEN VAN AN|1990-01-01|0|QR1|Nam", "1405: document number has invalid characters")]
    [InlineData("0010******45|NGUYEN VAN AN|1990-01-01|0| |Nam", "1405: national QR id empty")]
    public void Classify_Unified1405WithBadField_ErrorNamesTheField(string text, string error)
    {
        var info = QrClassifier.Classify(text);
        Assert.Equal(QrKind.UnifiedPersonal, info.Kind);
        Assert.Equal(error, info.Error);
    }

    [Fact]
    public void Classify_HealthInsurance_DecodesHexName()
    {
        var info = QrClassifier.Classify(Bhyt);
        Assert.Equal(QrKind.HealthInsurance, info.Kind);
        Assert.True(info.IsValid, info.Error);
        Assert.Equal("GD4010123456789", info.DocumentNumber);
        Assert.Equal("GD40*********89", info.MaskedId);
        Assert.Equal("Trần Thị Bình", info.Name);
        Assert.Equal("1985-08-15", info.BirthDate);
        Assert.Equal("F", info.Gender);
    }

    [Theory]
    [InlineData("GD4010123456789|4e6775796|15/08/1985|1|", "BHYT: name not hex-encoded UTF-8")]
    [InlineData("GD4010123456789|zz|15/08/1985|1|", "BHYT: name not hex-encoded UTF-8")]
    [InlineData("GD4010123456789|c328|15/08/1985|1|", "BHYT: name not hex-encoded UTF-8")]
    [InlineData("GD4010123456789|4e677579656e|1985|1|", "BHYT: birth date not dd/MM/yyyy")]
    public void Classify_HealthInsuranceBadField_Error(string text, string error)
    {
        var info = QrClassifier.Classify(text);
        Assert.Equal(QrKind.HealthInsurance, info.Kind);
        Assert.Equal(error, info.Error);
    }

    [Theory]
    [InlineData("HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0-IFO0500TGPN8F5G.41Q2E4T8ALW.INSV$ 07UV5SR+BNQHNML7 /KD3TU 4V*CAT3ZGLQMI/XI%ZJNSBBXK2:UG%UJMI:TU+MMPZ5$/PMX19UE:-PSR3/$NU44CBE6DQ3D7B0FBOFX0DV2DGMB$YPF62I$60/F$Z2I6IFX21XNI-LM%3/DF/U6Z9FEOJVRLVW6K$UG+BKK57:1+D10%4K83F+1VWD1NE", QrKind.EuDcc)]
    [InlineData("NZCP:/1/2KCEVIQEIVVWK6JNGEASNICZAEP2KALYDZSGSZB2O5SWEOTOPJRXALTDCSAKQMJJNQ3ON6ZJQ5", QrKind.NzCovidPass)]
    [InlineData("NZCOVIDTRACER:eyJnbG4iOiIxMjMiLCJ2ZXIiOiJjMTkiLCJ0eXAiOiJlbnRyeSJ9", QrKind.VenuePoster)]
    [InlineData("UKC19TRACING:1:eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig", QrKind.VenuePoster)]
    [InlineData("https://example.org/checkin?x=1", QrKind.Unknown)]
    [InlineData("a|b|c", QrKind.Unknown)]
    [InlineData("HC1:|||||||", QrKind.EuDcc)]
    public void Classify_PrefixAndOtherFormats_Kind(string text, QrKind kind)
    {
        Assert.Equal(kind, QrClassifier.Classify(text).Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n")]
    [InlineData("\t \r")]
    public void Classify_EmptyOrWhitespace_Empty(string? text)
    {
        Assert.Equal(QrKind.Empty, QrClassifier.Classify(text).Kind);
    }

    [Theory]
    [InlineData("001099012345||Nguy\uFFFDn|01011990|Nam|a|10072021")]
    [InlineData("HC1:AB\u0001CD")]
    [InlineData("abc\u007F")]
    public void Classify_ControlOrReplacementCharacters_Garbled(string text)
    {
        var info = QrClassifier.Classify(text);
        Assert.Equal(QrKind.Garbled, info.Kind);
        Assert.NotNull(info.Error);
    }

    [Fact]
    public void ToLogString_PersonalFormats_NeverCarriesFullIdNameOrBirthDate()
    {
        foreach (var text in new[] { Cccd, Unified.Replace("0010******45", "001099012345"), Bhyt })
        {
            var info = QrClassifier.Classify(text);
            string log = info.ToLogString();
            Assert.DoesNotContain(info.DocumentNumber, log);
            Assert.DoesNotContain(info.Name, log);
            Assert.DoesNotContain(info.BirthDate, log);
            Assert.Contains(info.MaskedId, log);
        }
    }

    [Fact]
    public void ToLogString_Cccd_KindMaskedIdAndFieldCount()
    {
        Assert.Equal("kind=ChipIdCard id=0010******45 fields=7", QrClassifier.Classify(Cccd).ToLogString());
    }
}
