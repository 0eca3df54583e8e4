using System.Text;

namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>Masks an ID number for logs and screens: "001099012345" becomes "0010******45".</summary>
    public static class IdMasking
    {
        public const char MaskChar = '*';

        /// <summary>
        /// 10 or more characters: first 4 and last 2 stay visible; 7 to 9: first 2 and last 2;
        /// 3 to 6: only the last one; shorter: everything masked. Null gives "".
        /// </summary>
        public static string Mask(string id)
        {
            if (id == null || id.Length == 0) return string.Empty;
            int length = id.Length;
            int head;
            int tail;
            if (length >= 10) { head = 4; tail = 2; }
            else if (length >= 7) { head = 2; tail = 2; }
            else if (length >= 3) { head = 0; tail = 1; }
            else { head = 0; tail = 0; }
            StringBuilder builder = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                if (i < head || i >= length - tail) builder.Append(id[i]);
                else builder.Append(MaskChar);
            }
            return builder.ToString();
        }
    }
}
