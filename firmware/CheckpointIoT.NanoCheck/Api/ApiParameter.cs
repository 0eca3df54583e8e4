namespace CheckpointIoT.NanoCheck.Api;

/// <summary>One parameter of a listed method, constructor, operator, indexer or delegate.</summary>
/// <param name="Modifiers">"ref", "out", "in", "params", "this" or a space separated combination; empty if none.</param>
/// <param name="Type">The parameter type as written in the listing (C# keywords for special types).</param>
/// <param name="Name">The parameter name.</param>
/// <param name="DefaultValue">The default value expression as written, or null.</param>
public sealed record ApiParameter(string Modifiers, string Type, string Name, string? DefaultValue);
