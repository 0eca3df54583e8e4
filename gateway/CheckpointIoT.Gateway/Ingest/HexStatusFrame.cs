namespace CheckpointIoT.Gateway.Ingest;

/// <summary>
/// nanoFramework's M2Mqtt can only register a text last will, so an ESP32 node sends its offline status frame as
/// lowercase hex text on its status topic. A binary frame starts with the version byte 0x01, never with a hex
/// digit, so a payload made only of an even number of [0-9a-f] is unambiguously the hex form of a frame.
/// </summary>
public static class HexStatusFrame
{
    /// <summary>The binary frame: decoded from hex text when the payload is that, else the payload itself.</summary>
    public static byte[] Unwrap(byte[] payload)
    {
        if (payload.Length == 0 || payload.Length % 2 != 0) return payload;
        foreach (byte b in payload)
        {
            if (!(b is >= (byte)'0' and <= (byte)'9' || b is >= (byte)'a' and <= (byte)'f')) return payload;
        }
        return Convert.FromHexString(System.Text.Encoding.ASCII.GetString(payload));
    }
}
