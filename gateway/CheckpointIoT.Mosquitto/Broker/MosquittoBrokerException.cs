namespace CheckpointIoT.Mosquitto;

/// <summary>The broker process could not be found, started or reached.</summary>
public sealed class MosquittoBrokerException : Exception
{
    public MosquittoBrokerException(string message)
        : base(message)
    {
    }

    public MosquittoBrokerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
