namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Follows MQTT's framing in the bytes a client sends (pure): fixed-header byte, remaining length (1-4 bytes of 7 bits),
/// body. <see cref="Inspect"/> throws as soon as a remaining length above <see cref="MaxRemainingLength"/> is complete,
/// that is before MQTTnet reads on and allocates a body of that size (its server has no packet size limit of its own and
/// allocates the body from the header, before any login).
/// </summary>
public sealed class MqttPacketSizeGuard(int maxRemainingLength)
{
    private State _state = State.Header;
    private int _length;
    private int _multiplier;
    private int _lengthBytes;
    private long _bodyLeft;

    private enum State
    {
        Header,
        Length,
        Body,
    }

    public int MaxRemainingLength { get; } = maxRemainingLength;

    /// <summary>Advances over <paramref name="data"/>; throws <see cref="IOException"/> for a packet that is too large or malformed.</summary>
    public void Inspect(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Header:
                    _state = State.Length;
                    _length = 0;
                    _multiplier = 1;
                    _lengthBytes = 0;
                    i++;
                    break;
                case State.Length:
                    var b = data[i++];
                    _length += (b & 0x7F) * _multiplier;
                    _lengthBytes++;
                    if ((b & 0x80) == 0)
                    {
                        if (_length > MaxRemainingLength)
                        {
                            throw new IOException($"MQTT packet of {_length} bytes refused (the embedded broker accepts at most {MaxRemainingLength})");
                        }

                        _bodyLeft = _length;
                        _state = _length == 0 ? State.Header : State.Body;
                    }
                    else if (_lengthBytes == 4)
                    {
                        throw new IOException("MQTT remaining length longer than 4 bytes");
                    }
                    else
                    {
                        _multiplier *= 128;
                    }

                    break;
                default:
                    var skip = (int)Math.Min(_bodyLeft, data.Length - i);
                    i += skip;
                    _bodyLeft -= skip;
                    if (_bodyLeft == 0)
                    {
                        _state = State.Header;
                    }

                    break;
            }
        }
    }
}
