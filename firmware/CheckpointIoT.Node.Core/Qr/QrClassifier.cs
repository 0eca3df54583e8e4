using System.Text;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>
    /// Recognises what a scanned QR holds, in the order of FORMATS.md section 2:
    /// HC1: → NZCP:/ → venue posters → unified personal QR (Decision 1405) → chip ID card (CCCD) →
    /// health-insurance card (BHYT) → unknown. Hand-written parsing (no regex on nanoFramework);
    /// never throws. Structure decides the kind; field checks fill <see cref="QrInfo.Error"/>.
    /// </summary>
    public static class QrClassifier
    {
        public const string Hc1Prefix = "HC1:";
        public const string NzcpPrefix = "NZCP:/";
        public const string NzVenuePrefix = "NZCOVIDTRACER:";
        public const string UkVenuePrefix = "UKC19TRACING:1:";

        private static readonly char[] FieldSeparator = new char[] { '|' };
        private static readonly char[] ExtensionSeparator = new char[] { '<' };

        public static QrInfo Classify(string text)
        {
            QrInfo info = new QrInfo();
            string t = TrimEdges(text);
            if (t.Length == 0)
            {
                info.Kind = QrKind.Empty;
                return info;
            }
            if (HasGarbage(t))
            {
                info.Kind = QrKind.Garbled;
                info.Error = "control or replacement characters (scanner not in UTF-8 mode?)";
                return info;
            }
            if (t.StartsWith(Hc1Prefix))
            {
                info.Kind = QrKind.EuDcc;
                return info;
            }
            if (t.StartsWith(NzcpPrefix))
            {
                info.Kind = QrKind.NzCovidPass;
                return info;
            }
            if (t.StartsWith(NzVenuePrefix) || t.StartsWith(UkVenuePrefix))
            {
                info.Kind = QrKind.VenuePoster;
                return info;
            }
            if (t.IndexOf('|') < 0)
            {
                return info;
            }
            string[] fields = t.Split(FieldSeparator);
            if (TryUnified(fields, info)) return info;
            if (TryChipIdCard(fields, info)) return info;
            if (TryHealthInsurance(fields, info)) return info;
            info.FieldCount = fields.Length;
            return info;
        }

        // ---- Decision 1405 unified personal QR -------------------------------------------------

        private static bool TryUnified(string[] f, QrInfo info)
        {
            if (f.Length != 6) return false;
            string flag = RemoveSpaces(f[3]);
            string birth = RemoveSpaces(f[2]);
            bool flagOk = flag == "0" || flag == "1";
            if (!flagOk && !LooksLikeIsoDate(birth)) return false;

            info.Kind = QrKind.UnifiedPersonal;
            info.FieldCount = f.Length;
            string doc = RemoveSpaces(f[0]);
            info.DocumentNumber = doc;
            info.MaskedId = IdMasking.Mask(doc);
            info.Name = f[1].Trim();
            info.OnBehalf = flag == "1";
            string date = ParseIsoDate(birth);
            if (date != null) info.BirthDate = date;
            string[] ext = f[5].Split(ExtensionSeparator);
            if (ext.Length > 0) info.Gender = NormalizeGender(ext[0], false);

            if (doc.Length == 0) info.Error = "1405: document number empty";
            else if (!IsDocumentNumber(doc)) info.Error = "1405: document number has invalid characters";
            else if (info.Name.Length == 0) info.Error = "1405: name empty";
            else if (!IsCapitalName(info.Name)) info.Error = "1405: name not capitals without diacritics";
            else if (date == null) info.Error = "1405: birth date not yyyy-MM-dd";
            else if (!flagOk) info.Error = "1405: declaration flag not 0 or 1";
            else if (f[4].Trim().Length == 0) info.Error = "1405: national QR id empty";
            return true;
        }

        // ---- Chip citizen ID card (CCCD) -------------------------------------------------------

        private static bool TryChipIdCard(string[] f, QrInfo info)
        {
            if (f.Length < 7) return false;
            string id = RemoveSpaces(f[0]);
            bool idOk = id.Length == 12 && IsDigits(id);
            string gender = NormalizeGender(f[4], false);
            if (!idOk && gender.Length == 0) return false;

            info.Kind = QrKind.ChipIdCard;
            info.FieldCount = f.Length;
            info.DocumentNumber = id;
            info.MaskedId = IdMasking.Mask(id);
            info.Name = f[2].Trim();
            info.Gender = gender;
            string oldId = RemoveSpaces(f[1]);
            string birth = ParseDmyDate(RemoveSpaces(f[3]), false);
            string issue = ParseDmyDate(RemoveSpaces(f[6]), false);
            if (birth != null) info.BirthDate = birth;
            if (issue != null) info.IssueDate = issue;

            if (!idOk) info.Error = "CCCD: ID not 12 digits";
            else if (oldId.Length != 0 && !(oldId.Length == 9 && IsDigits(oldId))) info.Error = "CCCD: old ID not 9 digits";
            else if (info.Name.Length == 0) info.Error = "CCCD: name empty";
            else if (birth == null) info.Error = "CCCD: birth date not ddMMyyyy";
            else if (gender.Length == 0) info.Error = "CCCD: gender not Nam/Nữ";
            else if (issue == null) info.Error = "CCCD: issue date not ddMMyyyy";
            return true;
        }

        // ---- Health-insurance card (BHYT) ------------------------------------------------------
        // Layout inferred from public samples: card number (2 letters + 13 digits) | hex UTF-8 name |
        // birth date dd/MM/yyyy | gender 1 = male, 2 = female | hex UTF-8 address | ...

        private static bool TryHealthInsurance(string[] f, QrInfo info)
        {
            if (f.Length < 3) return false;
            string card = RemoveSpaces(f[0]);
            if (!IsHealthCardNumber(card)) return false;

            info.Kind = QrKind.HealthInsurance;
            info.FieldCount = f.Length;
            info.DocumentNumber = card;
            info.MaskedId = IdMasking.Mask(card);
            string name = DecodeHexUtf8(RemoveSpaces(f[1]));
            if (name != null) info.Name = name.Trim();
            string birth = ParseDmyDate(RemoveSpaces(f[2]), true);
            if (birth != null) info.BirthDate = birth;
            if (f.Length > 3) info.Gender = NormalizeGender(f[3], true);

            if (name == null) info.Error = "BHYT: name not hex-encoded UTF-8";
            else if (info.Name.Length == 0) info.Error = "BHYT: name empty";
            else if (birth == null) info.Error = "BHYT: birth date not dd/MM/yyyy";
            return true;
        }

        // ---- helpers ---------------------------------------------------------------------------

        /// <summary>Trims spaces and control characters at both ends; null gives "".</summary>
        internal static string TrimEdges(string s)
        {
            if (s == null) return string.Empty;
            int start = 0;
            int end = s.Length;
            while (start < end && s[start] <= ' ') start++;
            while (end > start && s[end - 1] <= ' ') end--;
            if (start == 0 && end == s.Length) return s;
            return s.Substring(start, end - start);
        }

        private static bool HasGarbage(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < ' ' && c != '\t') return true;
                if (c == '\u007F' || c == '\uFFFD') return true;
            }
            return false;
        }

        private static string RemoveSpaces(string s)
        {
            if (s.IndexOf(' ') < 0 && s.IndexOf('\t') < 0) return s;
            StringBuilder builder = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c != ' ' && c != '\t') builder.Append(c);
            }
            return builder.ToString();
        }

        private static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }

        private static bool IsUpperAscii(char c)
        {
            return c >= 'A' && c <= 'Z';
        }

        private static bool IsDigits(string s)
        {
            if (s.Length == 0) return false;
            for (int i = 0; i < s.Length; i++)
            {
                if (!IsDigit(s[i])) return false;
            }
            return true;
        }

        /// <summary>Digits, capital letters (passport numbers) and mask characters.</summary>
        private static bool IsDocumentNumber(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!IsDigit(c) && !IsUpperAscii(c) && c != '*' && c != 'x') return false;
            }
            return true;
        }

        private static bool IsCapitalName(string s)
        {
            bool letter = false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (IsUpperAscii(c)) letter = true;
                else if (c != ' ' && c != '-' && c != '\'' && c != '.') return false;
            }
            return letter;
        }

        private static bool IsHealthCardNumber(string s)
        {
            if (s.Length != 15) return false;
            if (!IsUpperAscii(s[0]) || !IsUpperAscii(s[1])) return false;
            for (int i = 2; i < 15; i++)
            {
                if (!IsDigit(s[i])) return false;
            }
            return true;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>Hex string → UTF-8 text; null when not hex or not valid UTF-8.</summary>
        private static string DecodeHexUtf8(string hex)
        {
            if (hex.Length == 0 || (hex.Length & 1) != 0) return null;
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int hi = HexValue(hex[2 * i]);
                int lo = HexValue(hex[2 * i + 1]);
                if (hi < 0 || lo < 0) return null;
                bytes[i] = (byte)((hi << 4) | lo);
            }
            if (!Utf8.IsValid(bytes, 0, bytes.Length)) return null;
            string text = Utf8.Decode(bytes, 0, bytes.Length);
            if (HasGarbage(text)) return null;
            return text;
        }

        private static int Number(string s, int start, int length)
        {
            int value = 0;
            for (int i = start; i < start + length; i++)
            {
                char c = s[i];
                if (!IsDigit(c)) return -1;
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static bool LooksLikeIsoDate(string s)
        {
            return s.Length == 10 && s[4] == '-' && s[7] == '-';
        }

        /// <summary>"yyyy-MM-dd" → the same string when it is a real date, else null.</summary>
        private static string ParseIsoDate(string s)
        {
            if (!LooksLikeIsoDate(s)) return null;
            return FormatDate(Number(s, 0, 4), Number(s, 5, 2), Number(s, 8, 2));
        }

        /// <summary>"ddMMyyyy" (or "dd/MM/yyyy" when slashes are allowed) → yyyy-MM-dd, else null.</summary>
        private static string ParseDmyDate(string s, bool slashes)
        {
            if (s.Length == 8)
            {
                return FormatDate(Number(s, 4, 4), Number(s, 2, 2), Number(s, 0, 2));
            }
            if (slashes && s.Length == 10 && s[2] == '/' && s[5] == '/')
            {
                return FormatDate(Number(s, 6, 4), Number(s, 3, 2), Number(s, 0, 2));
            }
            return null;
        }

        private static string FormatDate(int year, int month, int day)
        {
            if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
            if (day > DaysInMonth(year, month)) return null;
            return year.ToString() + "-" + Pad2(month) + "-" + Pad2(day);
        }

        private static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }
            if (month == 4 || month == 6 || month == 9 || month == 11) return 30;
            return 31;
        }

        private static string Pad2(int value)
        {
            return value < 10 ? "0" + value.ToString() : value.ToString();
        }

        /// <summary>"Nam"/"Nữ" (any case, precomposed or combining marks), M/F, Male/Female; 1/2 when digits are allowed. "" otherwise.</summary>
        internal static string NormalizeGender(string raw, bool digits)
        {
            if (raw == null) return string.Empty;
            StringBuilder builder = new StringBuilder(raw.Length);
            for (int i = 0; i < raw.Length; i++)
            {
                char c = raw[i];
                if (c >= '\u0300' && c <= '\u036F') continue; // combining marks
                if (c == ' ' || c == '\t') continue;
                if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
                else if (c == '\u01AF' || c == '\u01B0' || c == '\u1EEE' || c == '\u1EEF') c = 'u'; // Ư ư Ữ ữ
                builder.Append(c);
            }
            string g = builder.ToString();
            if (g == "nam" || g == "m" || g == "male") return "M";
            if (g == "nu" || g == "f" || g == "female") return "F";
            if (digits)
            {
                if (g == "1") return "M";
                if (g == "2") return "F";
            }
            return string.Empty;
        }
    }
}
