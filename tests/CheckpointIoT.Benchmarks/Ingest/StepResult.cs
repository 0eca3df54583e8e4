namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>One measured step: answered check-ins per second, verdict latency percentiles, unanswered count, samples.</summary>
internal readonly record struct StepResult(double Rate, double P50, double P99, long Missing, int Samples);
