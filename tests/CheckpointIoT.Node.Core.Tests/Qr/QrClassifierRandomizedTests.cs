using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Qr;

public class QrClassifierRandomizedTests
{
    private static readonly string[] Seeds =
    {
        QrClassifierTests.Cccd,
        QrClassifierTests.Unified,
        QrClassifierTests.Bhyt,
        "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH",
        "NZCOVIDTRACER:eyJ0eXAiOiJlbnRyeSJ9",
    };

    private const string Alphabet = "|<0123456789-/ *ANZaeịữễ\uFFFD\u0000\r\n\u0303";

    private static string Mutate(Random rng, string s)
    {
        var chars = new List<char>(s);
        int edits = rng.Next(1, 8);
        for (int i = 0; i < edits; i++)
        {
            int op = rng.Next(4);
            int at = chars.Count == 0 ? 0 : rng.Next(chars.Count);
            char c = rng.Next(3) == 0 ? (char)rng.Next(0, 0x2000) : Alphabet[rng.Next(Alphabet.Length)];
            if (op == 0 && chars.Count > 0) chars[at] = c;
            else if (op == 1) chars.Insert(at, c);
            else if (op == 2 && chars.Count > 0) chars.RemoveAt(at);
            else if (chars.Count > 0) chars.RemoveRange(at, rng.Next(0, chars.Count - at));
        }
        return new string(chars.ToArray());
    }

    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(103)]
    public void Classify_MutatedExamples_NeverThrowsAndLogsNoFullId(int seed)
    {
        var rng = new Random(seed);
        var kinds = new HashSet<QrKind>();
        for (int i = 0; i < 3000; i++)
        {
            string text = Mutate(rng, Seeds[rng.Next(Seeds.Length)]);
            QrInfo info = QrClassifier.Classify(text);
            kinds.Add(info.Kind);
            Assert.True(Enum.IsDefined(info.Kind));
            string log = info.ToLogString();
            if (info.DocumentNumber.Length >= 10 && !info.DocumentNumber.Contains('*'))
            {
                Assert.DoesNotContain(info.DocumentNumber, log);
            }
            if (info.Name.Length >= 8) Assert.DoesNotContain(info.Name, log);
            if (info.IsValid && info.BirthDate.Length > 0) Assert.Equal(10, info.BirthDate.Length);
        }
        // The mutations must exercise more than one path.
        Assert.Contains(QrKind.ChipIdCard, kinds);
        Assert.Contains(QrKind.Garbled, kinds);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    public void Classify_RandomStrings_NeverThrows(int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < 3000; i++)
        {
            int length = rng.Next(0, 120);
            var chars = new char[length];
            for (int k = 0; k < length; k++) chars[k] = rng.Next(3) == 0 ? Alphabet[rng.Next(Alphabet.Length)] : (char)rng.Next(0, 0x10000);
            var info = QrClassifier.Classify(new string(chars));
            Assert.NotNull(info.ToLogString());
        }
    }
}
