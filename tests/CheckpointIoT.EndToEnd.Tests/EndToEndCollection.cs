namespace CheckpointIoT.EndToEnd.Tests;

/// <summary>End-to-end tests start several processes each: run them one at a time on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
