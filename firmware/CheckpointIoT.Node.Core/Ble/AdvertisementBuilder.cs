using System;

namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>
    /// Writes the advertisement payloads (AD structures) the classifier recognises, as phones and beacons send them.
    /// For the host simulator's BLE replay, tests and benchmarks. Each method returns the bytes written (≤ 31).
    /// </summary>
    public static class AdvertisementBuilder
    {
        public const int MaxLegacyBytes = 31;

        /// <summary>Flags, 16-bit UUID list {FD6F}, FD6F service data RPI(16)+AEM(4): 31 bytes.</summary>
        public static int Gaen(byte[] buffer, int offset, byte[] rpi, byte[] aem)
        {
            Require(rpi, 16, "rpi");
            Require(aem, 4, "aem");
            int p = Flags(buffer, offset, 0x1A);
            p = Uuid16List(buffer, p, BeaconClassifier.GaenUuid);
            buffer[p++] = 23;
            buffer[p++] = AdType.ServiceData16BitUuid;
            p = Le16(buffer, p, BeaconClassifier.GaenUuid);
            Array.Copy(rpi, 0, buffer, p, 16);
            Array.Copy(aem, 0, buffer, p + 16, 4);
            return p + 20 - offset;
        }

        /// <summary>16-bit UUID list {4E56} and company 0x22B5 data with the 12-byte Bluezone ID: 20 bytes.</summary>
        public static int BluezoneAndroid(byte[] buffer, int offset, byte[] bluezoneId)
        {
            Require(bluezoneId, 12, "bluezoneId");
            int p = Uuid16List(buffer, offset, BeaconClassifier.BluezoneUuid16);
            return Manufacturer(buffer, p, BeaconClassifier.BluezoneCompanyId, bluezoneId, 12) - offset;
        }

        /// <summary>Bluezone iOS in the foreground: complete 128-bit UUID list {00004E56-73F5-4BC4-A12F-17D1AD07A667}: 18 bytes.</summary>
        public static int BluezoneIos(byte[] buffer, int offset)
        {
            buffer[offset] = 17;
            buffer[offset + 1] = AdType.Complete128BitUuids;
            byte[] uuid = new byte[] { 0x00, 0x00, 0x4E, 0x56, 0x73, 0xF5, 0x4B, 0xC4, 0xA1, 0x2F, 0x17, 0xD1, 0xAD, 0x07, 0xA6, 0x67 };
            for (int i = 0; i < 16; i++) buffer[offset + 2 + i] = uuid[15 - i];
            return 18;
        }

        /// <summary>Bluezone v1 Android: 128-bit UUID E20A39F4-73F5-4BC4-A12F-17D1AD07A889 and the BLID as company 0x22B5 data.</summary>
        public static int BluezoneV1Android(byte[] buffer, int offset, byte[] blid)
        {
            if (blid == null || blid.Length < 1 || blid.Length > 10) throw new ArgumentException("1..10 bytes", "blid");
            buffer[offset] = 17;
            buffer[offset + 1] = AdType.Complete128BitUuids;
            byte[] uuid = new byte[] { 0xE2, 0x0A, 0x39, 0xF4, 0x73, 0xF5, 0x4B, 0xC4, 0xA1, 0x2F, 0x17, 0xD1, 0xAD, 0x07, 0xA8, 0x89 };
            for (int i = 0; i < 16; i++) buffer[offset + 2 + i] = uuid[15 - i];
            return Manufacturer(buffer, offset + 18, BeaconClassifier.BluezoneCompanyId, blid, blid.Length) - offset;
        }

        /// <summary>Flags and Apple iBeacon data: UUID (16, as written), major, minor (big-endian), measured power: 30 bytes.</summary>
        public static int IBeacon(byte[] buffer, int offset, byte[] uuid, int major, int minor, int measuredPower)
        {
            Require(uuid, 16, "uuid");
            int p = Flags(buffer, offset, 0x06);
            buffer[p++] = 26;
            buffer[p++] = AdType.ManufacturerSpecificData;
            p = Le16(buffer, p, BeaconClassifier.AppleCompanyId);
            buffer[p++] = 0x02;
            buffer[p++] = 0x15;
            Array.Copy(uuid, 0, buffer, p, 16);
            p += 16;
            buffer[p++] = (byte)(major >> 8);
            buffer[p++] = (byte)major;
            buffer[p++] = (byte)(minor >> 8);
            buffer[p++] = (byte)minor;
            buffer[p++] = (byte)measuredPower;
            return p - offset;
        }

        /// <summary>16-bit UUID list {FEAA} and an Eddystone-UID frame: namespace(10), instance(6): 28 bytes.</summary>
        public static int EddystoneUid(byte[] buffer, int offset, byte[] namespaceId, byte[] instanceId, int txPower)
        {
            Require(namespaceId, 10, "namespaceId");
            Require(instanceId, 6, "instanceId");
            int p = Uuid16List(buffer, offset, BeaconClassifier.EddystoneUuid);
            buffer[p++] = 23;
            buffer[p++] = AdType.ServiceData16BitUuid;
            p = Le16(buffer, p, BeaconClassifier.EddystoneUuid);
            buffer[p++] = 0x00;
            buffer[p++] = (byte)txPower;
            Array.Copy(namespaceId, 0, buffer, p, 10);
            Array.Copy(instanceId, 0, buffer, p + 10, 6);
            p += 16;
            buffer[p++] = 0;
            buffer[p++] = 0;
            return p - offset;
        }

        /// <summary>BlueTrace/OpenTrace: company 0x03FF data with the given (random) bytes.</summary>
        public static int BlueTrace(byte[] buffer, int offset, byte[] randomBytes)
        {
            if (randomBytes == null || randomBytes.Length > 26) throw new ArgumentException("0..26 bytes", "randomBytes");
            return Manufacturer(buffer, offset, BeaconClassifier.BlueTraceCompanyId, randomBytes, randomBytes.Length) - offset;
        }

        private static int Flags(byte[] buffer, int p, int flags)
        {
            buffer[p] = 2;
            buffer[p + 1] = AdType.Flags;
            buffer[p + 2] = (byte)flags;
            return p + 3;
        }

        private static int Uuid16List(byte[] buffer, int p, int uuid)
        {
            buffer[p] = 3;
            buffer[p + 1] = AdType.Complete16BitUuids;
            return Le16(buffer, p + 2, uuid);
        }

        private static int Manufacturer(byte[] buffer, int p, int company, byte[] data, int count)
        {
            buffer[p] = (byte)(count + 3);
            buffer[p + 1] = AdType.ManufacturerSpecificData;
            p = Le16(buffer, p + 2, company);
            if (count > 0) Array.Copy(data, 0, buffer, p, count);
            return p + count;
        }

        private static int Le16(byte[] buffer, int p, int value)
        {
            buffer[p] = (byte)value;
            buffer[p + 1] = (byte)(value >> 8);
            return p + 2;
        }

        private static void Require(byte[] value, int length, string name)
        {
            if (value == null || value.Length != length) throw new ArgumentException("must be " + length + " bytes", name);
        }
    }
}
