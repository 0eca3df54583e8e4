using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>
    /// What <see cref="QrClassifier"/> found in a scan. Holds personal data: log only
    /// <see cref="ToLogString"/>, never the fields themselves.
    /// </summary>
    public sealed class QrInfo
    {
        internal QrInfo()
        {
            Kind = QrKind.Unknown;
            DocumentNumber = string.Empty;
            MaskedId = string.Empty;
            Name = string.Empty;
            BirthDate = string.Empty;
            Gender = string.Empty;
            IssueDate = string.Empty;
        }

        public QrKind Kind { get; internal set; }

        /// <summary>Full document/ID/card number as scanned (already masked in a default 1405 QR). Never log it.</summary>
        public string DocumentNumber { get; internal set; }

        /// <summary><see cref="IdMasking.Mask"/> of <see cref="DocumentNumber"/>.</summary>
        public string MaskedId { get; internal set; }

        /// <summary>Holder's name, decoded (UTF-8 with diacritics for CCCD/BHYT, capitals for 1405). Never log it.</summary>
        public string Name { get; internal set; }

        /// <summary>yyyy-MM-dd, or "" when absent.</summary>
        public string BirthDate { get; internal set; }

        /// <summary>"M", "F" or "".</summary>
        public string Gender { get; internal set; }

        /// <summary>CCCD issue date as yyyy-MM-dd, or "".</summary>
        public string IssueDate { get; internal set; }

        /// <summary>1405 QR: true when the declaration was made on someone's behalf (field 4 = 1).</summary>
        public bool OnBehalf { get; internal set; }

        /// <summary>Number of '|' separated fields (0 for prefix formats).</summary>
        public int FieldCount { get; internal set; }

        /// <summary>Why the scan is garbled or not a valid instance of <see cref="Kind"/>; null when valid. Never contains personal data.</summary>
        public string Error { get; internal set; }

        public bool IsValid { get { return Error == null; } }

        /// <summary>Safe for logs: kind, masked ID, validity. No name, birth date or full ID.</summary>
        public string ToLogString()
        {
            string s = "kind=" + KindName(Kind);
            if (MaskedId.Length > 0) s = s + " id=" + MaskedId;
            if (FieldCount > 0) s = s + " fields=" + FieldCount.ToString();
            if (Error != null) s = s + " error=\"" + Error + "\"";
            return s;
        }

        /// <summary>Stable name of a kind (Enum.ToString is not reliable on every nanoFramework build).</summary>
        public static string KindName(QrKind kind)
        {
            switch (kind)
            {
                case QrKind.EuDcc: return "EuDcc";
                case QrKind.NzCovidPass: return "NzCovidPass";
                case QrKind.VenuePoster: return "VenuePoster";
                case QrKind.UnifiedPersonal: return "UnifiedPersonal";
                case QrKind.ChipIdCard: return "ChipIdCard";
                case QrKind.HealthInsurance: return "HealthInsurance";
                case QrKind.Empty: return "Empty";
                case QrKind.Garbled: return "Garbled";
                default: return "Unknown";
            }
        }
    }
}
