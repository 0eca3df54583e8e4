using System.Text;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Identity;

/// <summary>
/// Classifies scan text with the core's <see cref="QrClassifier"/> (the gateway does not trust the node's kind
/// byte) and picks the identity key: CCCD / unified personal QR → the document number when it is not masked
/// (a masked unified QR falls back to its national QR id, field 5); BHYT → the card number; HC1, NZCP and
/// other accepted certificates → the whole normalised text. Empty, garbled and unknown codes have no identity, and a
/// code the classifier recognised but found malformed (a CCCD with an 11- or 13-digit number, a 31 February birth
/// date: <see cref="QrInfo.Error"/>) is Garbled: the policy fails it with reason Garbled instead of letting it pass.
/// </summary>
public static class ScanClassifier
{
    public static ScanClassification Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var info = QrClassifier.Classify(text);
        var masked = string.IsNullOrEmpty(info.MaskedId) ? null : info.MaskedId;
        if (!info.IsValid)
        {
            return new ScanClassification(QrKind.Garbled, null, masked);
        }

        switch (info.Kind)
        {
            case QrKind.Empty:
            case QrKind.Garbled:
            case QrKind.Unknown:
                return new ScanClassification(info.Kind, null, null);
            case QrKind.ChipIdCard:
            case QrKind.UnifiedPersonal:
            {
                var doc = Normalise(info.DocumentNumber ?? string.Empty);
                if (doc.Length >= 9 && !doc.Contains('*') && !doc.Contains('X'))
                {
                    return new ScanClassification(info.Kind, new ScanIdentity("ID", doc), masked);
                }

                if (info.Kind == QrKind.UnifiedPersonal)
                {
                    var fields = text.Trim().Split('|');
                    if (fields.Length > 4 && Normalise(fields[4]) is { Length: > 0 } qrId)
                    {
                        return new ScanClassification(info.Kind, new ScanIdentity("QRID", qrId), masked);
                    }
                }

                break;
            }

            case QrKind.HealthInsurance:
            {
                var card = Normalise(info.DocumentNumber ?? string.Empty);
                if (card.Length > 0)
                {
                    return new ScanClassification(info.Kind, new ScanIdentity("BHYT", card), masked);
                }

                break;
            }
        }

        return new ScanClassification(info.Kind, new ScanIdentity("TXT", Normalise(text)), masked);
    }

    /// <summary>Removes whitespace and upper-cases so stray spaces and case do not change the identity.</summary>
    public static string Normalise(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.ToString();
    }
}
