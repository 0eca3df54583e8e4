namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>Synthetic QR contents (FORMATS.md §2 shapes; no real person).</summary>
public static class Samples
{
    public static string Cccd(string id = "001099012345") => $"{id}||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";

    public static string Unified(string doc = "001099012345") => $"{doc}|NGUYEN VAN AN|1990-01-01|0|QR123456789|Nam<0912345678";

    public const string Hc1 = "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOO6+IDOEZ1";

    public const string Garbage = "hello world, not an id";
}
