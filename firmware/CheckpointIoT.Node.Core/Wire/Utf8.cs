using System.Text;

namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>UTF-8 helpers that never throw on invalid input.</summary>
    public static class Utf8
    {
        /// <summary>Decodes UTF-8; an invalid sequence becomes U+FFFD instead of an exception.</summary>
        public static string Decode(byte[] bytes, int offset, int count)
        {
            if (count <= 0) return string.Empty;
            bool ascii = true;
            for (int i = 0; i < count; i++)
            {
                if (bytes[offset + i] >= 0x80)
                {
                    ascii = false;
                    break;
                }
            }
            if (ascii || IsValid(bytes, offset, count))
            {
                return new string(Encoding.UTF8.GetChars(bytes, offset, count));
            }
            StringBuilder builder = new StringBuilder(count);
            int i2 = offset;
            int end = offset + count;
            while (i2 < end)
            {
                int length = SequenceLength(bytes, i2, end);
                if (length == 0)
                {
                    builder.Append('\uFFFD');
                    i2++;
                }
                else
                {
                    builder.Append(new string(Encoding.UTF8.GetChars(bytes, i2, length)));
                    i2 += length;
                }
            }
            return builder.ToString();
        }

        public static bool IsValid(byte[] bytes, int offset, int count)
        {
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                int length = SequenceLength(bytes, i, end);
                if (length == 0) return false;
                i += length;
            }
            return true;
        }

        /// <summary>The largest length ≤ max that does not cut a UTF-8 sequence of valid input.</summary>
        public static int ClampLength(byte[] utf8, int max)
        {
            if (utf8.Length <= max) return utf8.Length;
            int length = max;
            while (length > 0 && (utf8[length] & 0xC0) == 0x80)
            {
                length--;
            }
            return length;
        }

        /// <summary>Length of a valid sequence starting at i, or 0 when the bytes there are not valid UTF-8.</summary>
        private static int SequenceLength(byte[] b, int i, int end)
        {
            int lead = b[i];
            if (lead < 0x80) return 1;
            int length;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) { length = 2; min = 0x80; }
            else if (lead >= 0xE0 && lead <= 0xEF) { length = 3; min = 0x800; }
            else if (lead >= 0xF0 && lead <= 0xF4) { length = 4; min = 0x10000; }
            else return 0;
            if (i + length > end) return 0;
            int cp = lead & (0x7F >> length);
            for (int k = 1; k < length; k++)
            {
                int c = b[i + k];
                if ((c & 0xC0) != 0x80) return 0;
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
            return length;
        }
    }
}
