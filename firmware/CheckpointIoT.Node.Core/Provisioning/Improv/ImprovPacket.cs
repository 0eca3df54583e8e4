using System;
using System.Text;

namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>
    /// An Improv serial packet: <c>"IMPROV" 0x01 type len data[len] checksum</c>, checksum = low byte
    /// of the sum of every byte before it (header included).
    /// </summary>
    public sealed class ImprovPacket
    {
        public const int Version = 1;
        public const int HeaderLength = 6;
        public const int Overhead = 6 + 3 + 1;
        public const int MaxDataLength = 255;
        public const int MaxPacketLength = Overhead + MaxDataLength;

        private static readonly byte[] Magic = new byte[] { (byte)'I', (byte)'M', (byte)'P', (byte)'R', (byte)'O', (byte)'V' };

        private readonly int _type;
        private readonly byte[] _data;
        private readonly bool _checksumValid;

        public ImprovPacket(int type, byte[] data, bool checksumValid)
        {
            _type = type;
            _data = data == null ? new byte[0] : data;
            _checksumValid = checksumValid;
        }

        /// <summary>Packet type (see <see cref="ImprovPacketType"/>; unknown values are kept as read).</summary>
        public int Type { get { return _type; } }

        public byte[] Data { get { return _data; } }

        public int Length { get { return _data.Length; } }

        /// <summary>False when the checksum did not match (answer with <see cref="ImprovError.InvalidRpc"/>).</summary>
        public bool ChecksumValid { get { return _checksumValid; } }

        internal static byte HeaderByte(int index)
        {
            return Magic[index];
        }

        public static byte[] Build(int type, byte[] data, int offset, int count)
        {
            if (count < 0 || count > MaxDataLength) throw new ArgumentOutOfRangeException("count");
            if (count > 0 && (data == null || offset < 0 || offset + count > data.Length)) throw new ArgumentOutOfRangeException("offset");
            byte[] packet = new byte[Overhead + count];
            Array.Copy(Magic, 0, packet, 0, HeaderLength);
            packet[6] = Version;
            packet[7] = (byte)type;
            packet[8] = (byte)count;
            if (count > 0) Array.Copy(data, offset, packet, 9, count);
            packet[packet.Length - 1] = Checksum(packet, 0, packet.Length - 1);
            return packet;
        }

        public static byte[] BuildCurrentState(ImprovState state)
        {
            return Build((int)ImprovPacketType.CurrentState, new byte[] { (byte)state }, 0, 1);
        }

        public static byte[] BuildErrorState(ImprovError error)
        {
            return Build((int)ImprovPacketType.ErrorState, new byte[] { (byte)error }, 0, 1);
        }

        /// <summary>RPC result: <c>command len (strlen str)...</c>. Throws when the strings do not fit one packet.</summary>
        public static byte[] BuildRpcResult(int command, string[] strings)
        {
            byte[][] encoded = new byte[strings == null ? 0 : strings.Length][];
            int total = 0;
            for (int i = 0; i < encoded.Length; i++)
            {
                encoded[i] = Encoding.UTF8.GetBytes(strings[i] == null ? string.Empty : strings[i]);
                if (encoded[i].Length > 255) throw new ArgumentException("result string longer than 255 bytes", "strings");
                total += 1 + encoded[i].Length;
            }
            if (total + 2 > MaxDataLength) throw new ArgumentException("result longer than one packet", "strings");
            byte[] data = new byte[2 + total];
            data[0] = (byte)command;
            data[1] = (byte)total;
            int pos = 2;
            for (int i = 0; i < encoded.Length; i++)
            {
                data[pos++] = (byte)encoded[i].Length;
                Array.Copy(encoded[i], 0, data, pos, encoded[i].Length);
                pos += encoded[i].Length;
            }
            return Build((int)ImprovPacketType.RpcResult, data, 0, data.Length);
        }

        /// <summary>RPC command packet (client side): <c>command len payload</c>.</summary>
        public static byte[] BuildRpcCommand(int command, byte[] payload, int offset, int count)
        {
            if (count < 0 || count > MaxDataLength - 2) throw new ArgumentOutOfRangeException("count");
            byte[] data = new byte[2 + count];
            data[0] = (byte)command;
            data[1] = (byte)count;
            if (count > 0) Array.Copy(payload, offset, data, 2, count);
            return Build((int)ImprovPacketType.RpcCommand, data, 0, data.Length);
        }

        /// <summary>Exactly one packet in <paramref name="count"/> bytes, or null (bad header, version or length). A bad checksum gives a packet with <see cref="ChecksumValid"/> false.</summary>
        public static ImprovPacket Parse(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < Overhead || offset + count > buffer.Length) return null;
            for (int i = 0; i < HeaderLength; i++)
            {
                if (buffer[offset + i] != Magic[i]) return null;
            }
            if (buffer[offset + 6] != Version) return null;
            int length = buffer[offset + 8];
            if (count != Overhead + length) return null;
            byte[] data = new byte[length];
            Array.Copy(buffer, offset + 9, data, 0, length);
            bool ok = Checksum(buffer, offset, count - 1) == buffer[offset + count - 1];
            return new ImprovPacket(buffer[offset + 7], data, ok);
        }

        public static byte Checksum(byte[] buffer, int offset, int count)
        {
            int sum = 0;
            for (int i = offset; i < offset + count; i++)
            {
                sum += buffer[i];
            }
            return (byte)(sum & 0xFF);
        }
    }
}
