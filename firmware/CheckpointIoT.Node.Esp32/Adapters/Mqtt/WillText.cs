namespace CheckpointIoT.Node.Esp32.Adapters.Mqtt
{
    /// <summary>
    /// nanoFramework.M2Mqtt takes the last will as a <c>string</c> and sends Encoding.UTF8.GetBytes of it, so a
    /// binary frame (0x00 and bytes above 0x7F) cannot pass through unchanged. The node therefore registers
    /// the lowercase hex text of its offline status frame; the gateway treats a status payload made only of
    /// hex digits as the hex form of a frame (see firmware/README.md, "Last will").
    /// </summary>
    public static class WillText
    {
        private const string HexDigits = "0123456789abcdef";

        public static string FromFrame(byte[] frame)
        {
            if (frame == null || frame.Length == 0) return null;
            char[] text = new char[frame.Length * 2];
            for (int i = 0; i < frame.Length; i++)
            {
                text[i * 2] = HexDigits[(frame[i] >> 4) & 0xF];
                text[i * 2 + 1] = HexDigits[frame[i] & 0xF];
            }
            return new string(text);
        }
    }
}
