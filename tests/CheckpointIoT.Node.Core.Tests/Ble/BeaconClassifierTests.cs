using CheckpointIoT.Node.Core.Ble;
using static CheckpointIoT.Node.Core.Tests.Ble.BeaconSamples;

namespace CheckpointIoT.Node.Core.Tests.Ble;

public class BeaconClassifierTests
{
    private readonly BeaconClassifier _classifier = new();
    private readonly BeaconIdentity _identity = new();

    private BeaconIdentity Classify(string hex, byte[]? address = null)
    {
        byte[] data = Bytes(hex);
        _classifier.Classify(address ?? Address, data, 0, data.Length, _identity);
        return _identity;
    }

    private static string IdHex(BeaconIdentity identity) => Convert.ToHexString(identity.CopyId());

    [Fact]
    public void Classify_FormatsGaenExample_SplitsRpiAndAem()
    {
        BeaconIdentity id = Classify(GaenHex);

        Assert.Equal(BeaconType.Gaen, id.Type);
        Assert.Equal("E7C6D34C71E48BAF278BD99BE74685BC", IdHex(id));
        Assert.True(id.HasAem);
        Assert.Equal("A78126AB", Convert.ToHexString(id.Aem));
        Assert.False(id.IdIsAddress);
    }

    [Fact]
    public void Classify_GaenWithoutFlags_IsGaen()
    {
        // Exactly the bytes of FORMATS.md: 03 03 6F FD 17 16 6F FD <20 bytes>.
        BeaconIdentity id = Classify("03036FFD17166FFD" + "e7c6d34c71e48baf278bd99be74685bca78126ab");

        Assert.Equal(BeaconType.Gaen, id.Type);
        Assert.Equal("E7C6D34C71E48BAF278BD99BE74685BC", IdHex(id));
    }

    [Theory]
    [InlineData("03036FFD" + "16166FFD" + "e7c6d34c71e48baf278bd99be74685bca78126")] // 19 bytes of service data
    [InlineData("03036FFD" + "18166FFD" + "e7c6d34c71e48baf278bd99be74685bca78126abcd")] // 21 bytes
    [InlineData("020106" + "17166FFD" + "e7c6d34c71e48baf278bd99be74685bca78126ab")] // no UUID list
    [InlineData("0303FD6F" + "1716FD6F" + "e7c6d34c71e48baf278bd99be74685bca78126ab")] // UUID written big-endian
    public void Classify_AlmostGaen_IsOtherKeyedByAddress(string hex)
    {
        BeaconIdentity id = Classify(hex);

        Assert.Equal(BeaconType.Other, id.Type);
        Assert.True(id.IdIsAddress);
        Assert.Equal(Convert.ToHexString(Address), IdHex(id));
    }

    [Fact]
    public void Classify_BluezoneAndroid_Takes12ByteId()
    {
        BeaconIdentity id = Classify(BluezoneAndroidHex);

        Assert.Equal(BeaconType.BluezoneAndroid, id.Type);
        Assert.Equal("0102030405060708090A0B0C", IdHex(id));
    }

    [Fact]
    public void Classify_BluezoneAndroidWithWrongIdLength_IsOther()
    {
        BeaconIdentity id = Classify("0303564E" + "0EFFB522" + "0102030405060708090A0B");

        Assert.Equal(BeaconType.Other, id.Type);
    }

    [Fact]
    public void Classify_BluezoneIosUuid_IsKeyedByAddress()
    {
        BeaconIdentity id = Classify(BluezoneIosHex);

        Assert.Equal(BeaconType.BluezoneIos, id.Type);
        Assert.True(id.IdIsAddress);
        Assert.Equal(Convert.ToHexString(Address), IdHex(id));
    }

    [Fact]
    public void Classify_BluezoneIosUuidBigEndian_IsNotRecognised()
    {
        BeaconIdentity id = Classify("1107" + "00004E5673F54BC4A12F17D1AD07A667");

        Assert.Equal(BeaconType.Other, id.Type);
    }

    [Theory]
    [InlineData(BluezoneIosOverflowHex)]
    [InlineData("14FF4C00" + "01" + "00000000000000000000" + "80" + "0000000000")] // the other Bluezone bit
    public void Classify_AppleOverflowAreaWithBluezoneBit_IsBluezoneIos(string hex)
    {
        BeaconIdentity id = Classify(hex);

        Assert.Equal(BeaconType.BluezoneIos, id.Type);
        Assert.True(id.IdIsAddress);
    }

    [Fact]
    public void Classify_AppleOverflowAreaOfAnotherApp_IsOther()
    {
        BeaconIdentity id = Classify("14FF4C00" + "01" + "00000000" + "02" + "0000000000000000000000");

        Assert.Equal(BeaconType.Other, id.Type);
    }

    [Fact]
    public void Classify_BluezoneV1Android_TakesBlidFromManufacturerData()
    {
        BeaconIdentity id = Classify(BluezoneV1AndroidHex);

        Assert.Equal(BeaconType.BluezoneV1, id.Type);
        Assert.Equal("AbC123", System.Text.Encoding.UTF8.GetString(id.CopyId()));
    }

    [Fact]
    public void Classify_BluezoneV1Ios_TakesBlidFromLocalName()
    {
        BeaconIdentity id = Classify(BluezoneV1IosHex);

        Assert.Equal(BeaconType.BluezoneV1, id.Type);
        Assert.Equal("XyZ789", System.Text.Encoding.UTF8.GetString(id.CopyId()));
    }

    [Fact]
    public void Classify_BlueTrace_IsKeyedByAddress()
    {
        BeaconIdentity id = Classify(BlueTraceHex);

        Assert.Equal(BeaconType.BlueTrace, id.Type);
        Assert.True(id.IdIsAddress);
        Assert.Equal(Convert.ToHexString(Address), IdHex(id));
    }

    [Fact]
    public void Classify_IBeacon_FoldsUuidAndKeepsMajorMinor()
    {
        BeaconIdentity id = Classify(IBeaconHex);

        byte[] uuid = Bytes("E2C56DB5DFFB48D2B060D0F5A71096E0");
        byte[] expected = new byte[16];
        for (int i = 0; i < 12; i++) expected[i] = uuid[i];
        for (int i = 0; i < 4; i++) expected[i] ^= uuid[12 + i];
        expected[12] = 0x01; expected[13] = 0x02; expected[14] = 0x03; expected[15] = 0x04;
        Assert.Equal(BeaconType.IBeacon, id.Type);
        Assert.Equal(Convert.ToHexString(expected), IdHex(id));
    }

    [Fact]
    public void Classify_IBeaconsDifferingOnlyInLastUuidByte_GetDifferentIds()
    {
        string other = IBeaconHex.Replace("A71096E0", "A71096E1");

        string first = IdHex(Classify(IBeaconHex));
        string second = IdHex(Classify(other));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Classify_EddystoneUid_TakesNamespaceAndInstance()
    {
        BeaconIdentity id = Classify(EddystoneUidHex);

        Assert.Equal(BeaconType.Eddystone, id.Type);
        Assert.Equal("00112233445566778899AABBCCDDEEFF", IdHex(id));
    }

    [Fact]
    public void Classify_EddystoneEid_TakesEphemeralId()
    {
        BeaconIdentity id = Classify(EddystoneEidHex);

        Assert.Equal(BeaconType.Eddystone, id.Type);
        Assert.Equal("1122334455667788", IdHex(id));
    }

    [Fact]
    public void Classify_EddystoneTlm_IsEddystoneKeyedByAddress()
    {
        BeaconIdentity id = Classify("0303AAFE" + "1116AAFE" + "20" + "00" + "0BB8" + "1900" + "00000010" + "00000020");

        Assert.Equal(BeaconType.Eddystone, id.Type);
        Assert.True(id.IdIsAddress);
    }

    [Fact]
    public void Classify_UnknownDevice_IsOtherKeyedByAddress()
    {
        BeaconIdentity id = Classify(OtherHex);

        Assert.Equal(BeaconType.Other, id.Type);
        Assert.Equal(Convert.ToHexString(Address), IdHex(id));
    }

    [Fact]
    public void Classify_NullAddressForAddressKeyedType_GivesEmptyId()
    {
        byte[] data = Bytes(OtherHex);
        _classifier.Classify(null!, data, 0, data.Length, _identity);

        Assert.Equal(BeaconType.Other, _identity.Type);
        Assert.Equal(0, _identity.IdLength);
    }

    [Fact]
    public void Classify_GaenAfterAnotherAdvert_ClearsPreviousAem()
    {
        Classify(GaenHex);
        BeaconIdentity id = Classify(OtherHex);

        Assert.False(id.HasAem);
    }

    [Fact]
    public void Classify_BuilderOutputs_RoundTrip()
    {
        byte[] buffer = new byte[AdvertisementBuilder.MaxLegacyBytes];
        byte[] rpi = Bytes("e7c6d34c71e48baf278bd99be74685bc");

        int n = AdvertisementBuilder.Gaen(buffer, 0, rpi, Bytes("a78126ab"));
        Assert.Equal(GaenHex, Convert.ToHexString(buffer, 0, n), ignoreCase: true);

        n = AdvertisementBuilder.BluezoneAndroid(buffer, 0, Bytes("0102030405060708090A0B0C"));
        Assert.Equal(BluezoneAndroidHex, Convert.ToHexString(buffer, 0, n));

        n = AdvertisementBuilder.BluezoneIos(buffer, 0);
        Assert.Equal(BluezoneIosHex, Convert.ToHexString(buffer, 0, n));

        n = AdvertisementBuilder.BluezoneV1Android(buffer, 0, Bytes("416243313233"));
        Assert.Equal(BluezoneV1AndroidHex, Convert.ToHexString(buffer, 0, n));

        n = AdvertisementBuilder.IBeacon(buffer, 0, Bytes("E2C56DB5DFFB48D2B060D0F5A71096E0"), 0x0102, 0x0304, -59);
        Assert.Equal(IBeaconHex, Convert.ToHexString(buffer, 0, n));

        n = AdvertisementBuilder.EddystoneUid(buffer, 0, Bytes("00112233445566778899"), Bytes("AABBCCDDEEFF"), -21);
        Assert.Equal(EddystoneUidHex, Convert.ToHexString(buffer, 0, n));

        n = AdvertisementBuilder.BlueTrace(buffer, 0, Bytes("A1B2C3"));
        Assert.Equal(BlueTraceHex.Substring(6), Convert.ToHexString(buffer, 0, n));
    }
}
