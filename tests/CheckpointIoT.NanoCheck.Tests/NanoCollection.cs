namespace CheckpointIoT.NanoCheck.Tests;

/// <summary>All tests that need the generated reference assemblies share one <see cref="NanoApiFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class NanoCollection : ICollectionFixture<NanoApiFixture>
{
    public const string Name = "nanoFramework reference assemblies";
}
