using System;

namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>
    /// Result of <see cref="BeaconClassifier.Classify"/>: the beacon type and the identifier bytes the presence table keys on.
    /// Reused from call to call (the buffers are allocated once).
    /// </summary>
    public sealed class BeaconIdentity
    {
        public const int AemBytes = 4;

        public BeaconType Type;

        /// <summary>Identifier bytes in Id[0..IdLength); at most <see cref="PresenceRecord.MaxIdBytes"/>.</summary>
        public readonly byte[] Id = new byte[PresenceRecord.MaxIdBytes];

        public int IdLength;

        /// <summary>True when <see cref="Id"/> is the advertiser's address (no identifier in the advertisement).</summary>
        public bool IdIsAddress;

        /// <summary>GAEN only: the 4 bytes of Associated Encrypted Metadata.</summary>
        public readonly byte[] Aem = new byte[AemBytes];

        public bool HasAem;

        /// <summary>A copy of the identifier bytes.</summary>
        public byte[] CopyId()
        {
            byte[] copy = new byte[IdLength];
            if (IdLength > 0) Array.Copy(Id, 0, copy, 0, IdLength);
            return copy;
        }

        internal void Clear()
        {
            Type = BeaconType.Other;
            IdLength = 0;
            IdIsAddress = false;
            HasAem = false;
        }

        internal void SetId(byte[] source, int offset, int count)
        {
            if (source == null || count <= 0)
            {
                IdLength = 0;
                return;
            }
            if (count > Id.Length) count = Id.Length;
            Array.Copy(source, offset, Id, 0, count);
            IdLength = count;
        }
    }
}
