namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>The contract (openapi.yaml), embedded in the assembly.</summary>
internal static class OpenApiDocument
{
    private static readonly Lazy<string> s_text = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("openapi.yaml")
            ?? throw new InvalidOperationException("openapi.yaml is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Text => s_text.Value;
}
