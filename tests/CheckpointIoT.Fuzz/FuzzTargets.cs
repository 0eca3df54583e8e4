using System;
using System.Collections.Generic;
using System.Text;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Fuzz;

/// <summary>
/// One target per parser that takes outside bytes, shared by the coverage-guided fuzzer (this project) and the
/// property tests (which compile this file in). A target throws only when the parser breaks its contract:
/// an undocumented exception escapes, or a round trip does not give back what was encoded.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["wire"] = Wire,
        ["qr"] = Qr,
        ["ble"] = Ble,
        ["improv"] = Improv,
        ["zone"] = Zone,
        ["config"] = Config,
    };

    /// <summary>Valid inputs built by the project's own encoders: the fuzzer's seed corpus and the property tests' mutation base.</summary>
    public static IReadOnlyList<byte[]> Seeds(string target) => target switch
    {
        "wire" => WireSeeds(),
        "qr" => new[] { Ascii("HC1:6BFOXN%TS3DH0YOJ58S\r\n"), Ascii("079123456789|123456789|Nguyen Van A|01011990|Nam|Ha Noi|01012021\r"),
                        Ascii("NZCOVIDTRACER:eyJnbG4iOiIxMjM0In0=\n"), new byte[] { 0x03, 0x00, 0x05, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' } },
        "ble" => BleSeeds(),
        "improv" => new[] { ImprovRpc.BuildCommand(ImprovCommand.SetNodeIdentity, new[] { "n-door1", "cp-1", "in" }),
                            ImprovRpc.BuildCommand(ImprovCommand.SetBroker, new[] { "10.0.0.2", "8883", "1" }),
                            ImprovRpc.BuildCommand(ImprovCommand.WifiSettings, new[] { "ssid", "password" }),
                            ImprovPacket.BuildCurrentState(ImprovState.Authorized) },
        "zone" => new[] { new byte[] { 0x02, 0x00, 0x00, 0x01, 0x00, 0x33, 0x31 }, new byte[] { 0x02, 0x00, 0x00, 0x02, 0x3E, 0x01, 0xAB, 0xCD } },
        "config" => new[] { Encoding.UTF8.GetBytes(SampleConfig().ToText()) },
        _ => throw new ArgumentException("unknown target " + target, nameof(target)),
    };

    private static void Wire(byte[] input)
    {
        var message = new CheckinMessage();
        if (WireCodec.DecodeCheckin(input, 0, input.Length, message) == DecodeError.None)
        {
            switch (message.Kind)
            {
                case CheckinKind.QrScan:
                    QrPayload.Decode(message.Payload, message.PayloadOffset, message.PayloadCount, out _, out _, out _);
                    break;
                case CheckinKind.PresenceBatch:
                    PresencePayload.Decode(message.Payload, message.PayloadOffset, message.PayloadCount, message.TimestampMs, out _);
                    break;
                case CheckinKind.Status:
                    StatusPayload.Decode(message.Payload, message.PayloadOffset, message.PayloadCount, new NodeStatus());
                    break;
            }
            // Round trip: what decodes re-encodes and decodes to the same record.
            byte[] again = WireCodec.EncodeCheckin(message);
            var second = new CheckinMessage();
            if (WireCodec.DecodeCheckin(again, 0, again.Length, second) != DecodeError.None
                || second.Sequence != message.Sequence || second.TimestampMs != message.TimestampMs
                || second.NodeId != message.NodeId || second.Kind != message.Kind
                || !second.CopyPayload().AsSpan().SequenceEqual(message.CopyPayload()))
                throw new InvalidOperationException("check-in round trip differs");
        }
        WireCodec.DecodeVerdict(input, 0, input.Length, new VerdictMessage());
    }

    private static void Qr(byte[] input)
    {
        var framer = new QrFramer();
        long now = 0;
        for (int offset = 0; offset < input.Length; offset += 7)
        {
            framer.Feed(input, offset, Math.Min(7, input.Length - offset), now);
            now += 5;
            Drain(framer);
        }
        framer.Poll(now + 1000);
        Drain(framer);
        QrClassifier.Classify(Utf8.Decode(input, 0, input.Length));
    }

    private static void Drain(QrFramer framer)
    {
        while (framer.Count > 0) QrClassifier.Classify(framer.Dequeue().Text);
    }

    // No static parser instances: under afl the instrumented core must not run before SharpFuzz sets up coverage.
    private static void Ble(byte[] input)
    {
        new BeaconClassifier().Classify(null, input, 0, input.Length, new BeaconIdentity());
        var parser = new AdvertisementParser();
        parser.Reset(input, 0, input.Length);
        while (parser.MoveNext())
        {
            if (parser.DataOffset < 0 || parser.DataOffset + parser.DataLength > input.Length)
                throw new InvalidOperationException("AD structure outside the input");
        }
    }

    private static void Improv(byte[] input)
    {
        var parser = new ImprovParser();
        var assembler = new ImprovCertificateAssembler();
        int offset = 0;
        while (offset < input.Length)
        {
            ImprovPacket? packet = parser.Feed(input, offset, input.Length - offset, out int consumed);
            if (consumed <= 0 && packet == null) throw new InvalidOperationException("Improv parser consumed nothing");
            offset += consumed;
            if (packet == null) continue;
            ImprovRpcCommand rpc = ImprovRpc.Decode(packet);
            ImprovRpc.SafeEcho(rpc);
            if (rpc.IsValid && rpc.Command == ImprovCommand.CaCertificateChunk) assembler.Add(rpc);
            // Round trip: a well-formed packet rebuilt from its parts parses to the same parts.
            if (packet.ChecksumValid)
            {
                byte[] rebuilt = ImprovPacket.Build(packet.Type, packet.Data, 0, packet.Length);
                ImprovPacket? back = ImprovPacket.Parse(rebuilt, 0, rebuilt.Length);
                if (back == null || !back.ChecksumValid || back.Type != packet.Type || !back.Data.AsSpan().SequenceEqual(packet.Data))
                    throw new InvalidOperationException("Improv packet round trip differs");
            }
        }
        ImprovPacket.Parse(input, 0, input.Length);
        ImprovRpc.Decode(input, 0, input.Length);
    }

    private static void Zone(byte[] input)
    {
        var parser = new ZoneReplyParser();
        int offset = 0;
        while (offset < input.Length)
        {
            ZoneReply? reply = parser.Feed(input, offset, input.Length - offset, out int consumed);
            if (consumed <= 0 && reply == null) throw new InvalidOperationException("zone parser consumed nothing");
            offset += consumed;
        }
        ZoneFrames.ParseReply(input, 0, input.Length);
    }

    private static void Config(byte[] input)
    {
        NodeConfig? config = NodeConfig.Parse(Encoding.UTF8.GetString(input), out _);
        if (config == null) return;
        config.Validate();
        config.ToSafeText();
        // Round trip: a parsed configuration written back parses to the same text.
        string text = config.ToText();
        NodeConfig? again = NodeConfig.Parse(text, out string? error);
        if (again == null || again.ToText() != text) throw new InvalidOperationException("config round trip differs: " + error);
    }

    private static NodeConfig SampleConfig()
    {
        var config = new NodeConfig { NodeId = "n-door1", CheckpointId = "cp-1", BrokerHost = "10.0.0.2", MqttUsername = "n-door1", MqttPassword = "secret", WifiSsid = "gate", WifiPassword = "wifipass" };
        return config;
    }

    private static byte[][] WireSeeds()
    {
        var qr = new CheckinMessage { Kind = CheckinKind.QrScan, Direction = DoorDirection.In, Sequence = 42, TimestampMs = 1_767_225_600_000, NodeId = "n-door1" };
        byte[] scan = Ascii("HC1:6BFOXN%TS3DH0YOJ58S");
        qr.SetPayload(QrPayload.Encode(QrKind.EuDcc, scan, 0, scan.Length));
        var status = new CheckinMessage { Kind = CheckinKind.Status, Sequence = 300, TimestampMs = 1_767_225_600_000, NodeId = "n-door2" };
        status.SetPayload(StatusPayload.Encode(new NodeStatus { Online = true, FirmwareVersion = "1.0.0", UptimeSeconds = 3600, QueueDepth = 2, WifiRssi = -60 }));
        var verdict = WireCodec.EncodeVerdict(new VerdictMessage { Sequence = 42, Result = VerdictResult.Pass, Reason = ReasonCode.Ok, DisplayText = "OK" });
        return new[] { WireCodec.EncodeCheckin(qr), WireCodec.EncodeCheckin(status), verdict };
    }

    private static byte[][] BleSeeds()
    {
        var seeds = new List<byte[]>();
        byte[] buffer = new byte[AdvertisementBuilder.MaxLegacyBytes];
        int n = AdvertisementBuilder.Gaen(buffer, 0, new byte[16], new byte[4]);
        seeds.Add(buffer.AsSpan(0, n).ToArray());
        n = AdvertisementBuilder.BluezoneAndroid(buffer, 0, new byte[12]);
        seeds.Add(buffer.AsSpan(0, n).ToArray());
        n = AdvertisementBuilder.IBeacon(buffer, 0, new byte[16], 1, 2, -59);
        seeds.Add(buffer.AsSpan(0, n).ToArray());
        n = AdvertisementBuilder.EddystoneUid(buffer, 0, new byte[10], new byte[6], -20);
        seeds.Add(buffer.AsSpan(0, n).ToArray());
        return seeds.ToArray();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
