namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>
    /// Classifies one advertisement by its content (never by the address alone) and extracts the identifier the
    /// presence table keys on. One pass over the AD structures, no allocation; never throws on any input.
    /// See Ble/README.md for the classification table and the order in which the rules apply.
    /// </summary>
    public sealed class BeaconClassifier
    {
        public const int GaenUuid = 0xFD6F;
        public const int BluezoneUuid16 = 0x4E56;
        public const int EddystoneUuid = 0xFEAA;
        public const int BluezoneCompanyId = 0x22B5;
        public const int AppleCompanyId = 0x004C;
        public const int BlueTraceCompanyId = 0x03FF;

        public const int GaenServiceDataBytes = 20;
        public const int BluezoneIdBytes = 12;

        // 128-bit UUIDs appear little-endian in AD structures: these are the first 12 bytes on air (the UUID's
        // last 12 bytes reversed) and the last 4 (its first 4 reversed).
        // ...-73F5-4BC4-A12F-17D1AD07A889 (Bluezone v1 Android)
        private static readonly byte[] TailA889 = new byte[] { 0x89, 0xA8, 0x07, 0xAD, 0xD1, 0x17, 0x2F, 0xA1, 0xC4, 0x4B, 0xF5, 0x73 };
        // ...-73F5-4BC4-A12F-17D1AD07A667 (Bluezone iOS; with prefix 00004E56 the current app, otherwise v1)
        private static readonly byte[] TailA667 = new byte[] { 0x67, 0xA6, 0x07, 0xAD, 0xD1, 0x17, 0x2F, 0xA1, 0xC4, 0x4B, 0xF5, 0x73 };
        private static readonly byte[] Prefix00004E56 = new byte[] { 0x56, 0x4E, 0x00, 0x00 };

        private readonly AdvertisementParser _parser = new AdvertisementParser();

        /// <summary>
        /// Classifies the AD structures in data[offset..offset+count) sent by <paramref name="address"/> (6 bytes,
        /// may be null) and writes type and identifier into <paramref name="into"/>. Returns the type.
        /// </summary>
        public BeaconType Classify(byte[] address, byte[] data, int offset, int count, BeaconIdentity into)
        {
            into.Clear();
            bool gaenUuid = false, bluezoneUuid16 = false;
            bool bluezoneIosUuid = false, v1AndroidUuid = false, v1IosUuid = false;
            int gaenData = -1, gaenLength = 0;
            int eddystoneData = -1, eddystoneLength = 0;
            int bluezoneManufacturer = -1, bluezoneManufacturerLength = 0;
            int appleData = -1, appleLength = 0;
            bool blueTrace = false;
            int name = -1, nameLength = 0;

            AdvertisementParser p = _parser;
            p.Reset(data, offset, count);
            while (p.MoveNext())
            {
                int at = p.DataOffset;
                int length = p.DataLength;
                switch (p.Type)
                {
                    case AdType.Incomplete16BitUuids:
                    case AdType.Complete16BitUuids:
                        for (int i = at; i + 1 < at + length; i += 2)
                        {
                            int uuid = data[i] | (data[i + 1] << 8);
                            if (uuid == GaenUuid) gaenUuid = true;
                            else if (uuid == BluezoneUuid16) bluezoneUuid16 = true;
                        }
                        break;
                    case AdType.Incomplete128BitUuids:
                    case AdType.Complete128BitUuids:
                        for (int i = at; i + 15 < at + length; i += 16)
                        {
                            if (Matches(data, i, TailA889)) v1AndroidUuid = true;
                            else if (Matches(data, i, TailA667))
                            {
                                if (Matches(data, i + 12, Prefix00004E56)) bluezoneIosUuid = true;
                                else v1IosUuid = true;
                            }
                        }
                        break;
                    case AdType.ServiceData16BitUuid:
                        if (length >= 2)
                        {
                            int uuid = data[at] | (data[at + 1] << 8);
                            if (uuid == GaenUuid && gaenData < 0) { gaenData = at + 2; gaenLength = length - 2; }
                            else if (uuid == EddystoneUuid && eddystoneData < 0) { eddystoneData = at + 2; eddystoneLength = length - 2; }
                        }
                        break;
                    case AdType.ManufacturerSpecificData:
                        if (length >= 2)
                        {
                            int company = data[at] | (data[at + 1] << 8);
                            if (company == BluezoneCompanyId && bluezoneManufacturer < 0) { bluezoneManufacturer = at + 2; bluezoneManufacturerLength = length - 2; }
                            else if (company == AppleCompanyId && appleData < 0) { appleData = at + 2; appleLength = length - 2; }
                            else if (company == BlueTraceCompanyId) blueTrace = true;
                        }
                        break;
                    case AdType.ShortenedLocalName:
                    case AdType.CompleteLocalName:
                        if (name < 0) { name = at; nameLength = length; }
                        break;
                }
            }

            // 1. GAEN: FD6F in the UUID list and exactly 20 bytes of FD6F service data (RPI 16 + AEM 4).
            if (gaenUuid && gaenData >= 0 && gaenLength == GaenServiceDataBytes)
            {
                into.Type = BeaconType.Gaen;
                into.SetId(data, gaenData, 16);
                System.Array.Copy(data, gaenData + 16, into.Aem, 0, BeaconIdentity.AemBytes);
                into.HasAem = true;
                return into.Type;
            }
            // 2. Bluezone (current), Android: 4E56 in the UUID list and 12 bytes of company 0x22B5 data.
            if (bluezoneUuid16 && bluezoneManufacturer >= 0 && bluezoneManufacturerLength == BluezoneIdBytes)
            {
                into.Type = BeaconType.BluezoneAndroid;
                into.SetId(data, bluezoneManufacturer, BluezoneIdBytes);
                return into.Type;
            }
            // 3. Bluezone v1, Android: ...A889 service UUID, the BLID (6 UTF-8 characters) as company 0x22B5 data.
            if (v1AndroidUuid)
            {
                into.Type = BeaconType.BluezoneV1;
                if (bluezoneManufacturer >= 0 && bluezoneManufacturerLength > 0) into.SetId(data, bluezoneManufacturer, bluezoneManufacturerLength);
                else SetAddress(into, address);
                return into.Type;
            }
            // 4. Bluezone v1, iOS: E20A39F4-...A667 service UUID, the BLID as the local name.
            if (v1IosUuid)
            {
                into.Type = BeaconType.BluezoneV1;
                if (name >= 0 && nameLength > 0) into.SetId(data, name, nameLength);
                else SetAddress(into, address);
                return into.Type;
            }
            // 5. Bluezone (current), iOS: its 128-bit UUID, or Apple's overflow area with one of Bluezone's bits set.
            //    The ID needs a GATT read, so the identifier is the (rotating, random) address.
            if (bluezoneIosUuid || IsBluezoneOverflowArea(data, appleData, appleLength))
            {
                into.Type = BeaconType.BluezoneIos;
                SetAddress(into, address);
                return into.Type;
            }
            // 6. iBeacon: Apple 0x02 0x15, UUID(16) major(2) minor(2) tx(1).
            if (appleData >= 0 && appleLength >= 22 && data[appleData] == 0x02 && data[appleData + 1] == 0x15)
            {
                into.Type = BeaconType.IBeacon;
                SetIBeaconId(into, data, appleData + 2);
                return into.Type;
            }
            // 7. BlueTrace / OpenTrace: company 0x03FF; the identifier is exchanged over GATT, so: the address.
            if (blueTrace)
            {
                into.Type = BeaconType.BlueTrace;
                SetAddress(into, address);
                return into.Type;
            }
            // 8. Eddystone: FEAA service data. UID frame: namespace(10)+instance(6); EID frame: the 8-byte EID.
            if (eddystoneData >= 0 && eddystoneLength >= 1)
            {
                into.Type = BeaconType.Eddystone;
                int frame = data[eddystoneData];
                if (frame == 0x00 && eddystoneLength >= 18) into.SetId(data, eddystoneData + 2, 16);
                else if (frame == 0x30 && eddystoneLength >= 10) into.SetId(data, eddystoneData + 2, 8);
                else SetAddress(into, address);
                return into.Type;
            }
            // 9. Anything else: the address.
            into.Type = BeaconType.Other;
            SetAddress(into, address);
            return into.Type;
        }

        /// <summary>
        /// Apple overflow area (company 0x004C, type 0x01, 16-byte bitmap) with one of the two bits Bluezone's own
        /// scanner filters on (bitmap byte 4 bit 0, bitmap byte 10 bit 7). Inferred from Bluezone's open-source
        /// scan filters; any other overflow-area advert is some background iOS app and stays "Other".
        /// </summary>
        private static bool IsBluezoneOverflowArea(byte[] data, int at, int length)
        {
            if (at < 0 || length < 17 || data[at] != 0x01) return false;
            return (data[at + 5] & 0x01) != 0 || (data[at + 11] & 0x80) != 0;
        }

        /// <summary>16 bytes: UUID bytes 0..11 with bytes 12..15 XOR-folded into 0..3, then major and minor (big-endian).</summary>
        private static void SetIBeaconId(BeaconIdentity into, byte[] data, int uuid)
        {
            byte[] id = into.Id;
            for (int i = 0; i < 12; i++) id[i] = data[uuid + i];
            for (int i = 0; i < 4; i++) id[i] = (byte)(id[i] ^ data[uuid + 12 + i]);
            id[12] = data[uuid + 16];
            id[13] = data[uuid + 17];
            id[14] = data[uuid + 18];
            id[15] = data[uuid + 19];
            into.IdLength = 16;
        }

        private static void SetAddress(BeaconIdentity into, byte[] address)
        {
            into.IdIsAddress = true;
            if (address == null) into.IdLength = 0;
            else into.SetId(address, 0, address.Length);
        }

        private static bool Matches(byte[] data, int at, byte[] pattern)
        {
            for (int i = 0; i < pattern.Length; i++)
            {
                if (data[at + i] != pattern[i]) return false;
            }
            return true;
        }
    }
}
