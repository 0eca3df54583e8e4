using System.Text;
using CheckpointIoT.Fuzz;
using CheckpointIoT.Gateway.Ingest;
using CheckpointIoT.Node.Core.Wire;
using CsCheck;

namespace CheckpointIoT.Property.Tests;

/// <summary>
/// The gateway's ingest decoding: a status-topic payload is unwrapped from its hex last-will form
/// (<see cref="HexStatusFrame"/>), then decoded by the wire codec. 10,000 cases: random bytes, random hex text and
/// the hex form of mutated valid frames.
/// </summary>
public sealed class GatewayIngestProperties
{
    private static readonly IReadOnlyList<byte[]> Frames = FuzzTargets.Seeds("wire");

    [Fact]
    public void Any_payload_unwraps_and_decodes_without_throwing()
    {
        Gen<byte[]> frames = Gen.Frequency((1, Gen.Byte.Array[0, 4096]), (1, ParserProperties.Mutated(Frames)));
        Gen<byte[]> payloads = Gen.OneOf(frames, frames.Select(f => Encoding.ASCII.GetBytes(Convert.ToHexString(f).ToLowerInvariant())));
        payloads.Sample(payload =>
        {
            byte[] frame = HexStatusFrame.Unwrap(payload);
            WireCodec.DecodeCheckin(frame, 0, frame.Length, new CheckinMessage());
        }, iter: 10_000, threads: 1);
    }

    [Fact]
    public void The_hex_form_of_a_frame_unwraps_to_the_frame()
    {
        ParserProperties.Mutated(Frames).Where(f => f.Length > 0).Sample(frame =>
        {
            byte[] hex = Encoding.ASCII.GetBytes(Convert.ToHexString(frame).ToLowerInvariant());
            Assert.Equal(frame, HexStatusFrame.Unwrap(hex));
        }, iter: 10_000, threads: 1);
    }
}
