using CheckpointIoT.Fuzz;
using SharpFuzz;

// Usage: CheckpointIoT.Fuzz <target>            run under afl-fuzz (input on stdin, via SharpFuzz)
//        CheckpointIoT.Fuzz <target> --seeds DIR write the target's seed inputs (from the project's encoders) to DIR
if (args.Length < 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine("usage: CheckpointIoT.Fuzz <" + string.Join("|", FuzzTargets.All.Keys) + "> [--seeds DIR]");
    return 2;
}
if (args.Length == 3 && args[1] == "--seeds")
{
    Directory.CreateDirectory(args[2]);
    var seeds = FuzzTargets.Seeds(args[0]);
    for (int i = 0; i < seeds.Count; i++) File.WriteAllBytes(Path.Combine(args[2], "seed" + i), seeds[i]);
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
