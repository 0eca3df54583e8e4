using CheckpointIoT.Node.Core.Ble;

namespace CheckpointIoT.Node.Core.Tests.Ble;

/// <summary>Hand-built advertisements of every recognised kind (hex as seen on air).</summary>
internal static class BeaconSamples
{
    /// <summary>The GAEN example of FORMATS.md §1 with flags: service data e7c6...26ab.</summary>
    public const string GaenHex = "02011A" + "03036FFD" + "17166FFD" + "e7c6d34c71e48baf278bd99be74685bc" + "a78126ab";

    /// <summary>Bluezone Android: 03 03 56 4E 0F FF B5 22 + 12-byte ID.</summary>
    public const string BluezoneAndroidHex = "0303564E" + "0FFFB522" + "0102030405060708090A0B0C";

    /// <summary>Bluezone iOS foreground: complete 128-bit list with 00004E56-73F5-4BC4-A12F-17D1AD07A667 (little-endian).</summary>
    public const string BluezoneIosHex = "1107" + "67A607ADD1172FA1C44BF573564E0000";

    /// <summary>Apple overflow area as Bluezone iOS uses it in the background (bitmap byte 4 bit 0).</summary>
    public const string BluezoneIosOverflowHex = "14FF4C00" + "01" + "00000000" + "01" + "0000000000000000000000";

    /// <summary>Bluezone v1 Android: 128-bit E20A39F4-...A889 and the BLID "AbC123" as company 0x22B5 data.</summary>
    public const string BluezoneV1AndroidHex = "1107" + "89A807ADD1172FA1C44BF573F4390AE2" + "09FFB522" + "416243313233";

    /// <summary>Bluezone v1 iOS: 128-bit E20A39F4-...A667 and the BLID "XyZ789" as the local name.</summary>
    public const string BluezoneV1IosHex = "1107" + "67A607ADD1172FA1C44BF573F4390AE2" + "0709" + "58795A373839";

    /// <summary>BlueTrace: company 0x03FF with random bytes.</summary>
    public const string BlueTraceHex = "020106" + "06FFFF03" + "A1B2C3";

    /// <summary>iBeacon E2C56DB5-DFFB-48D2-B060-D0F5A71096E0 major 0x0102 minor 0x0304, power -59.</summary>
    public const string IBeaconHex = "020106" + "1AFF4C000215" + "E2C56DB5DFFB48D2B060D0F5A71096E0" + "0102" + "0304" + "C5";

    /// <summary>Eddystone-UID namespace 00112233445566778899, instance AABBCCDDEEFF.</summary>
    public const string EddystoneUidHex = "0303AAFE" + "1716AAFE" + "00EB" + "00112233445566778899" + "AABBCCDDEEFF" + "0000";

    /// <summary>Eddystone-EID 8 bytes.</summary>
    public const string EddystoneEidHex = "0303AAFE" + "0D16AAFE" + "30EB" + "1122334455667788";

    /// <summary>A headset: flags and a name.</summary>
    public const string OtherHex = "020106" + "0409" + "4A424C";

    public static readonly byte[] Address = { 0xC0, 0x11, 0x22, 0x33, 0x44, 0x55 };

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);

    public static byte[][] All() => new[]
    {
        GaenHex, BluezoneAndroidHex, BluezoneIosHex, BluezoneIosOverflowHex, BluezoneV1AndroidHex, BluezoneV1IosHex,
        BlueTraceHex, IBeaconHex, EddystoneUidHex, EddystoneEidHex, OtherHex,
    }.Select(Bytes).ToArray();

    /// <summary>A GAEN advertisement whose RPI is derived from <paramref name="n"/> (distinct n, distinct RPI).</summary>
    public static int WriteGaen(byte[] buffer, int n)
    {
        byte[] rpi = new byte[16];
        BitConverter.TryWriteBytes(rpi.AsSpan(0, 4), n);
        BitConverter.TryWriteBytes(rpi.AsSpan(4, 4), n * 7919);
        return AdvertisementBuilder.Gaen(buffer, 0, rpi, new byte[] { 1, 2, 3, 4 });
    }
}
