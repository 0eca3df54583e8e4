using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Tests.Fakes;

/// <summary>
/// A GM65-style scanner module on the other end of a serial link. It parses zone-protocol commands
/// on its own (independently of the code under test), keeps zones in RAM and flash, answers reads,
/// writes, saves and heartbeats, switches speed when the baud zones are written, and counts flash
/// writes. Bytes sent at the wrong speed are lost, as on a real UART. Fault knobs: silence, garbage
/// before replies, corrupted CRCs, lost baud-write acknowledgements, link exceptions.
/// </summary>
public sealed class FakeGm65Module : ISerialLink
{
    private static readonly Dictionary<int, int> BaudByDivisor = new()
    {
        [0x09C4] = 1200, [0x0271] = 4800, [0x0139] = 9600, [0x00D0] = 14400,
        [0x009C] = 19200, [0x004E] = 38400, [0x0034] = 57600, [0x001A] = 115200,
    };

    private readonly List<byte> _fromHost = new();
    private readonly Queue<byte> _toHost = new();

    public byte[] Zones { get; } = new byte[0x200];
    public byte[] Flash { get; } = new byte[0x200];

    public int ModuleBaud { get; private set; }
    public int HostBaud { get; private set; } = 9600;

    // Fault knobs.
    public bool Silent { get; set; }
    public Random? Garbage { get; set; }
    public int CorruptNextReplies { get; set; }
    public bool LoseBaudWriteAck { get; set; }
    public bool ThrowOnWrite { get; set; }
    public byte HeartbeatReplyHeader { get; set; } = 0x02;
    public byte[]? AppendAfterNextReply { get; set; }
    public string? ScanOnTrigger { get; set; }

    // Counters.
    public int FlashWrites { get; private set; }
    public int ZoneWrites { get; private set; }
    public int Heartbeats { get; private set; }
    public int Triggers { get; private set; }
    public int HostWrites { get; private set; }
    public int SetBaudCalls { get; private set; }
    public List<string> Commands { get; } = new();

    public FakeGm65Module()
    {
        Flash[0x0000] = 0xD4;              // light + aim standard, manual trigger (bits 1..0 = 00)
        Flash[0x000D] = 0x00;              // GBK
        Flash[0x002A] = 0x39;              // 9600 (0x0139, low byte first)
        Flash[0x002B] = 0x01;
        Flash[0x0060] = 0xE0;              // bit 7 set, tail bits 6..5 = 11 (none)
        PowerCycle();
    }

    /// <summary>The module restarts from flash.</summary>
    public void PowerCycle()
    {
        Array.Copy(Flash, Zones, Flash.Length);
        ModuleBaud = BaudFromZones();
        _fromHost.Clear();
    }

    /// <summary>The ESP32 restarts: its UART opens at 9600 again.</summary>
    public void HostRestart()
    {
        HostBaud = 9600;
        _toHost.Clear();
    }

    public int BaudFromZones() => BaudByDivisor.TryGetValue(Zones[0x2A] | (Zones[0x2B] << 8), out int b) ? b : -1;

    // ---- ISerialLink (host side) ----

    public int BaudRate => HostBaud;

    public void SetBaudRate(int baudRate)
    {
        SetBaudCalls++;
        HostBaud = baudRate;
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        while (n < count && _toHost.Count > 0) buffer[offset + n++] = _toHost.Dequeue();
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        if (ThrowOnWrite) throw new IOException("uart gone");
        HostWrites++;
        if (HostBaud != ModuleBaud) return; // framing errors on the module side: lost
        for (int i = 0; i < count; i++) _fromHost.Add(buffer[offset + i]);
        Process();
    }

    /// <summary>The module outputs a decoded code with the terminator its zone 0x0060 selects.</summary>
    public void EmitScan(string text)
    {
        var bytes = new List<byte>(System.Text.Encoding.UTF8.GetBytes(text));
        switch ((Zones[0x60] >> 5) & 3)
        {
            case 0: bytes.Add(0x0D); break;
            case 1: bytes.Add(0x0D); bytes.Add(0x0A); break;
            case 2: bytes.Add(0x09); break;
        }
        ToHost(bytes.ToArray());
    }

    /// <summary>Puts raw bytes on the wire toward the host (at the module's speed).</summary>
    public void ToHost(byte[] bytes)
    {
        if (HostBaud != ModuleBaud) return;
        foreach (var b in bytes) _toHost.Enqueue(b);
    }

    // ---- module side ----

    private static int Crc(IReadOnlyList<byte> bytes, int start, int count)
    {
        // Bit-serial form of CRC-16/CCITT (poly 0x1021, init 0), written differently from the driver's.
        int crc = 0;
        for (int k = start; k < start + count; k++)
        {
            for (int mask = 0x80; mask != 0; mask >>= 1)
            {
                crc <<= 1;
                if ((crc & 0x10000) != 0) crc ^= 0x11021;
                if ((bytes[k] & mask) != 0) crc ^= 0x1021;
            }
        }
        return crc & 0xFFFF;
    }

    private void Process()
    {
        while (true)
        {
            int start = 0;
            while (start < _fromHost.Count && !(_fromHost[start] == 0x7E && start + 1 < _fromHost.Count && _fromHost[start + 1] == 0x00)) start++;
            if (start > 0) _fromHost.RemoveRange(0, Math.Min(start, _fromHost.Count));
            if (_fromHost.Count < 4) return;
            int len = _fromHost[3];
            int total = 6 + len + 2;
            if (_fromHost.Count < total) return;
            int hi = _fromHost[total - 2], lo = _fromHost[total - 1];
            bool noCheck = hi == 0xAB && lo == 0xCD;
            int crc = Crc(_fromHost, 2, 4 + len);
            if (!noCheck && (hi != crc >> 8 || lo != (crc & 0xFF)))
            {
                _fromHost.RemoveAt(0);
                continue;
            }
            int type = _fromHost[2];
            int address = (_fromHost[4] << 8) | _fromHost[5];
            byte[] data = _fromHost.GetRange(6, len).ToArray();
            _fromHost.RemoveRange(0, total);
            Execute(type, address, data);
        }
    }

    private void Execute(int type, int address, byte[] data)
    {
        if (Silent) return;
        switch (type)
        {
            case 0x07:
                Commands.Add($"R {address:X4} {data[0]}");
                Reply(0x02, Zones.Skip(address).Take(data[0]).ToArray());
                break;
            case 0x08:
                Commands.Add($"W {address:X4} {Convert.ToHexString(data)}");
                for (int i = 0; i < data.Length; i++) Zones[address + i] = data[i];
                ZoneWrites++;
                bool baud = address <= 0x2B && address + data.Length > 0x2A;
                if (baud && LoseBaudWriteAck)
                {
                    ModuleBaud = BaudFromZones();
                    Reply(0x02, new byte[] { 0x00 }); // sent at the new speed: lost to the host
                    break;
                }
                Reply(0x02, new byte[] { 0x00 });
                if (baud) ModuleBaud = BaudFromZones();
                if (address == 0x0002 && data[0] == 0x01)
                {
                    Triggers++;
                    if (ScanOnTrigger != null) EmitScan(ScanOnTrigger);
                }
                break;
            case 0x09:
                Commands.Add("S");
                Array.Copy(Zones, Flash, Zones.Length);
                FlashWrites++;
                Reply(0x02, new byte[] { 0x00 });
                break;
            case 0x0A:
                Commands.Add("H");
                Heartbeats++;
                Reply(HeartbeatReplyHeader, new byte[] { 0x00 });
                break;
        }
    }

    private void Reply(byte header, byte[] data)
    {
        if (HostBaud != ModuleBaud) return;
        if (Garbage != null)
        {
            byte[] junk = { 0x02, 0x00, 0x03, 0x7E, 0x41, 0x0D, 0x0A, 0x33, 0x31, 0xFF };
            int n = Garbage.Next(0, 9);
            for (int i = 0; i < n; i++) _toHost.Enqueue(junk[Garbage.Next(junk.Length)]);
        }
        var frame = new List<byte> { header, 0x00, 0x00, (byte)data.Length };
        frame.AddRange(data);
        int crc = Crc(frame, 1, frame.Count - 1);
        if (CorruptNextReplies > 0)
        {
            CorruptNextReplies--;
            crc ^= 0x0101;
        }
        frame.Add((byte)(crc >> 8));
        frame.Add((byte)crc);
        foreach (var b in frame) _toHost.Enqueue(b);
        if (AppendAfterNextReply != null)
        {
            foreach (var b in AppendAfterNextReply) _toHost.Enqueue(b);
            AppendAfterNextReply = null;
        }
    }
}
