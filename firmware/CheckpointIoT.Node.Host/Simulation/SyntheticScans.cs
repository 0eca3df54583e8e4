using System.Text;

namespace CheckpointIoT.Node.Host.Simulation;

/// <summary>
/// Deterministic synthetic QR contents (never real people): chip ID cards (CCCD), unified personal
/// QR codes (1405), health-insurance cards, now and then a garbled read or an unknown code.
/// </summary>
public sealed class SyntheticScans
{
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh"];
    private static readonly string[] GivenNames = ["An", "Bình", "Cường", "Dung", "Hà", "Lan", "Nam", "Phúc", "Quân", "Thảo"];
    private static readonly string[] AsciiFamilyNames = ["NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU", "DANG", "BUI"];
    private static readonly string[] AsciiMiddleNames = ["VAN", "THI", "MINH", "HUU", "NGOC", "THANH"];
    private static readonly string[] AsciiGivenNames = ["AN", "BINH", "CUONG", "DUNG", "HA", "LAN", "NAM", "PHUC", "QUAN", "THAO"];
    private readonly Random _random;

    public SyntheticScans(int seed) => _random = new Random(seed);

    public string Next()
    {
        int roll = _random.Next(100);
        if (roll < 60) return ChipIdCard();
        if (roll < 85) return UnifiedPersonal();
        if (roll < 93) return HealthInsurance();
        if (roll < 97) return "https://example.invalid/menu?table=" + _random.Next(1, 40);
        return "\u0001\u0002#@!garbled" + _random.Next(1000);
    }

    public string ChipIdCard()
    {
        string name = Name();
        string id = "0" + Digits(2) + _random.Next(0, 2) + Digits(8);
        var birth = new DateTime(1950, 1, 1).AddDays(_random.Next(0, 365 * 55));
        string gender = _random.Next(2) == 0 ? "Nam" : "Nữ";
        return $"{id}||{name}|{birth:ddMMyyyy}|{gender}|Số {_random.Next(1, 200)} Phố Huế, Hai Bà Trưng, Hà Nội|{new DateTime(2021, 7, 10):ddMMyyyy}";
    }

    public string UnifiedPersonal()
    {
        string id = "0" + Digits(11);
        string masked = id.Substring(0, 3) + "******" + id.Substring(9);
        var birth = new DateTime(1950, 1, 1).AddDays(_random.Next(0, 365 * 55));
        string ascii = $"{AsciiFamilyNames[_random.Next(AsciiFamilyNames.Length)]} {AsciiMiddleNames[_random.Next(AsciiMiddleNames.Length)]} {AsciiGivenNames[_random.Next(AsciiGivenNames.Length)]}";
        return $"{masked}|{ascii}|{birth:yyyy-MM-dd}|0|{Digits(10)}|{(_random.Next(2) == 0 ? "Nam" : "Nu")}<GD4{Digits(11)}<09{Digits(8)}";
    }

    public string HealthInsurance()
    {
        string card = "GD4" + Digits(12);
        string nameHex = Convert.ToHexString(Encoding.UTF8.GetBytes(Name())).ToLowerInvariant();
        var birth = new DateTime(1950, 1, 1).AddDays(_random.Next(0, 365 * 55));
        string addressHex = Convert.ToHexString(Encoding.UTF8.GetBytes("Hai Bà Trưng, Hà Nội")).ToLowerInvariant();
        return $"{card}|{nameHex}|{birth:dd/MM/yyyy}|1|{addressHex}|01 - 079|01/01/2025|-|{Digits(4)}|{card}|4|$";
    }

    private string Name() =>
        $"{FamilyNames[_random.Next(FamilyNames.Length)]} {MiddleNames[_random.Next(MiddleNames.Length)]} {GivenNames[_random.Next(GivenNames.Length)]}";

    private string Digits(int count)
    {
        var builder = new StringBuilder(count);
        for (int i = 0; i < count; i++) builder.Append((char)('0' + _random.Next(10)));
        return builder.ToString();
    }
}
