namespace CheckpointIoT.Benchmarks.Upload;

/// <summary>Counts request body bytes as sent on the wire (after gzip) and requests.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _bodyBytes;
    private long _requests;

    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    public long Requests => Interlocked.Read(ref _requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Interlocked.Add(ref _bodyBytes, body.Length);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
