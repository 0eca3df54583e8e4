namespace CheckpointIoT.Gateway.Identity;

/// <summary>
/// The identity key of a scan before hashing: a namespace ("ID" for a citizen id number from a CCCD or a
/// unified personal QR, "BHYT" for an insurance card number, "QRID" for a national QR id, "TXT" for a whole
/// certificate) and the normalised value. Never logged.
/// </summary>
public readonly record struct ScanIdentity(string Namespace, string Value);
