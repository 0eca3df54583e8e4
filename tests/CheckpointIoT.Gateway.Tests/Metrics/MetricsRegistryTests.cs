using CheckpointIoT.Gateway.Metrics;

namespace CheckpointIoT.Gateway.Tests.Metrics;

public class MetricsRegistryTests
{
    [Fact]
    public void WriteTo_Counter_WritesHelpTypeAndValue()
    {
        var registry = new MetricsRegistry();
        var counter = registry.CreateCounter("test_events_total", "Events seen.");
        counter.Inc();
        counter.Inc(4);

        var text = registry.Render();
        var parsed = ExpositionParser.Parse(text);

        Assert.Equal("counter", parsed.Types["test_events_total"]);
        Assert.Equal("Events seen.", parsed.Help["test_events_total"]);
        Assert.Equal(5, parsed.Value("test_events_total"));
        Assert.Equal("# HELP test_events_total Events seen.\n# TYPE test_events_total counter\ntest_events_total 5\n", text);
    }

    [Fact]
    public void WriteTo_CounterFamily_OneSamplePerLabelValueInOrdinalOrder()
    {
        var registry = new MetricsRegistry();
        var rejected = registry.CreateCounterFamily("test_rejected_total", "Rejected.", "reason");
        rejected.WithLabel("truncated").Inc();
        rejected.WithLabel("truncated").Inc();
        rejected.WithLabel("bad_crc").Inc();

        var parsed = ExpositionParser.Parse(registry.Render());

        Assert.Equal(["bad_crc", "truncated"], parsed.Samples.Select(s => s.Labels["reason"]));
        Assert.Equal(2, parsed.Value("test_rejected_total", "reason", "truncated"));
        Assert.Equal(1, parsed.Value("test_rejected_total", "reason", "bad_crc"));
    }

    [Fact]
    public void WriteTo_CounterFamilyNeverUsed_WritesOnlyHelpAndType()
    {
        var registry = new MetricsRegistry();
        registry.CreateCounterFamily("test_rejected_total", "Rejected.", "reason");

        var parsed = ExpositionParser.Parse(registry.Render());

        Assert.Equal("counter", parsed.Types["test_rejected_total"]);
        Assert.Empty(parsed.Samples);
    }

    [Fact]
    public void WriteTo_SeveralFamilies_KeepsRegistrationOrder()
    {
        var registry = new MetricsRegistry();
        registry.CreateGauge("zeta", "z");
        registry.CreateCounter("alpha_total", "a");
        registry.CreateHistogram("mid_seconds", "m", [1.0]);

        var parsed = ExpositionParser.Parse(registry.Render());

        Assert.Equal(["zeta", "alpha_total", "mid_seconds"], parsed.Types.Keys);
    }

    [Fact]
    public void WriteTo_Gauge_WritesSetIncDecResult()
    {
        var registry = new MetricsRegistry();
        var gauge = registry.CreateGauge("test_depth", "Depth.");
        gauge.Set(2.5);
        gauge.Inc();
        gauge.Dec(0.25);

        var parsed = ExpositionParser.Parse(registry.Render());

        Assert.Equal("gauge", parsed.Types["test_depth"]);
        Assert.Equal(3.25, parsed.Value("test_depth"));
    }

    [Fact]
    public void WriteTo_CallbackGauge_EvaluatedAtEachScrape()
    {
        var registry = new MetricsRegistry();
        var source = 7.0;
        registry.CreateGauge("test_online", "Online.", () => source);

        var first = ExpositionParser.Parse(registry.Render()).Value("test_online");
        source = 11;
        var second = ExpositionParser.Parse(registry.Render()).Value("test_online");

        Assert.Equal((7.0, 11.0), (first, second));
    }

    [Fact]
    public void WriteTo_CallbackGaugeThrows_WritesNaN()
    {
        var registry = new MetricsRegistry();
        registry.CreateGauge("test_broken", "Broken.", () => throw new InvalidOperationException("store closed"));

        var text = registry.Render();

        Assert.Contains("\ntest_broken NaN\n", text);
        Assert.True(double.IsNaN(ExpositionParser.Parse(text).Value("test_broken")));
    }

    [Fact]
    public void Track_OnASetGauge_ScrapeReadsTheCallback()
    {
        var registry = new MetricsRegistry();
        var gauge = registry.CreateGauge("test_outbox", "Outbox.");
        gauge.Set(3);

        gauge.Track(() => 42);

        Assert.Equal(42, ExpositionParser.Parse(registry.Render()).Value("test_outbox"));
    }

    [Fact]
    public void WriteTo_Histogram_BucketsCumulativeWithInfSumAndCount()
    {
        var bounds = new[] { 0.001, 0.01, 0.1, 0.5, 1 };
        var registry = new MetricsRegistry();
        var histogram = registry.CreateHistogram("test_latency_seconds", "Latency.", bounds);
        var random = new Random(20240607);
        var observed = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var value = random.NextDouble() * random.NextDouble() * 1.5;
            observed.Add(value);
            histogram.Observe(value);
        }

        var parsed = ExpositionParser.Parse(registry.Render());
        var buckets = parsed.Samples.Where(s => s.Name == "test_latency_seconds_bucket").ToList();

        Assert.Equal("histogram", parsed.Types["test_latency_seconds"]);
        Assert.Equal(bounds.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("+Inf"), buckets.Select(b => b.Labels["le"]));
        for (var i = 0; i < bounds.Length; i++)
        {
            Assert.Equal(observed.Count(v => v <= bounds[i]), buckets[i].Value);
        }

        Assert.Equal(observed.Count, buckets[^1].Value);
        Assert.Equal(observed.Count, parsed.Value("test_latency_seconds_count"));
        Assert.Equal(observed.Sum(), parsed.Value("test_latency_seconds_sum"), 9);
        Assert.Equal(buckets.Select(b => b.Value).Order(), buckets.Select(b => b.Value));
    }

    [Fact]
    public void Observe_ValueOnABound_CountsInThatBucket()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.CreateHistogram("test_h", "h", [1.0, 2.0]);

        histogram.Observe(1.0);

        Assert.Equal([1L, 1L, 1L], histogram.GetCumulativeCounts());
    }

    [Fact]
    public void Observe_NaNIgnoredAndInfinityInTheInfBucket()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.CreateHistogram("test_h", "h", [1.0]);

        histogram.Observe(double.NaN);
        histogram.Observe(double.PositiveInfinity);

        Assert.Equal([0L, 1L], histogram.GetCumulativeCounts());
        var parsed = ExpositionParser.Parse(registry.Render());
        Assert.Equal(double.PositiveInfinity, parsed.Value("test_h_sum"));
    }

    [Fact]
    public void Observe_TimeSpan_RecordsSeconds()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.CreateHistogram("test_h", "h", [0.0025, 0.005]);

        histogram.Observe(TimeSpan.FromMilliseconds(3));

        Assert.Equal([0L, 1L, 1L], histogram.GetCumulativeCounts());
        Assert.Equal(0.003, histogram.Sum, 12);
    }

    [Fact]
    public void Increments_ManyThreadsAtOnce_SumExactly()
    {
        const int threads = 8;
        const int perThread = 50_000;
        var registry = new MetricsRegistry();
        var counter = registry.CreateCounter("test_c_total", "c");
        var family = registry.CreateCounterFamily("test_f_total", "f", "result");
        var histogram = registry.CreateHistogram("test_h", "h", [0.002, 0.004]);
        var gauge = registry.CreateGauge("test_g", "g");
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                counter.Inc();
                family.WithLabel((i % 3) switch { 0 => "pass", 1 => "fail", _ => "error" }).Inc();
                histogram.Observe(0.001 * (i % 6));
                gauge.Inc();
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var parsed = ExpositionParser.Parse(registry.Render());
        var expectedPerLabel = threads * Enumerable.Range(0, perThread).Count(i => i % 3 == 0);
        Assert.Equal(threads * perThread, parsed.Value("test_c_total"));
        Assert.Equal(expectedPerLabel, parsed.Value("test_f_total", "result", "pass"));
        Assert.Equal(threads * perThread, parsed.Samples.Where(s => s.Name == "test_f_total").Sum(s => s.Value));
        Assert.Equal(threads * perThread, parsed.Value("test_h_count"));
        Assert.Equal(threads * Enumerable.Range(0, perThread).Count(i => 0.001 * (i % 6) <= 0.002), parsed.Value("test_h_bucket", "le", "0.002"));
        Assert.Equal(threads * Enumerable.Range(0, perThread).Sum(i => 0.001 * (i % 6)), parsed.Value("test_h_sum"), 6);
        Assert.Equal(threads * perThread, gauge.Value);
    }

    [Fact]
    public void WriteTo_LabelValueWithQuoteBackslashAndNewline_EscapedAndReadsBack()
    {
        var registry = new MetricsRegistry();
        var family = registry.CreateCounterFamily("test_f_total", "f", "reason");
        const string awkward = "say \"hi\"\\path\nnext";
        family.WithLabel(awkward).Inc();

        var text = registry.Render();

        Assert.Contains("test_f_total{reason=\"say \\\"hi\\\"\\\\path\\nnext\"} 1\n", text);
        Assert.Equal(awkward, ExpositionParser.Parse(text).Samples.Single().Labels["reason"]);
    }

    [Fact]
    public void WriteTo_HelpWithBackslashAndNewline_Escaped()
    {
        var registry = new MetricsRegistry();
        registry.CreateCounter("test_c_total", "first line\nsecond \\ \"quoted\"");

        var text = registry.Render();

        Assert.StartsWith("# HELP test_c_total first line\\nsecond \\\\ \"quoted\"\n", text);
        Assert.Equal("first line\nsecond \\ \"quoted\"", ExpositionParser.Parse(text).Help["test_c_total"]);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1")]
    [InlineData(-2.5, "-2.5")]
    public void FormatValue_SpecialAndPlainValues_PrometheusSpelling(double value, string expected)
    {
        Assert.Equal(expected, PrometheusText.FormatValue(value));
    }

    [Fact]
    public void FormatValue_TinyAndHugeValues_RoundTrip()
    {
        foreach (var value in new[] { 0.0005, 1e-5, 1.7976931348623157e308, 123456789.123 })
        {
            var text = PrometheusText.FormatValue(value);

            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
            Assert.DoesNotContain(",", text);
        }
    }

    [Fact]
    public void Create_DuplicateName_Throws()
    {
        var registry = new MetricsRegistry();
        registry.CreateCounter("test_total", "t");

        Assert.Throws<ArgumentException>(() => registry.CreateGauge("test_total", "again"));
    }

    [Fact]
    public void CreateHistogram_NameWhoseSuffixIsTaken_Throws()
    {
        var registry = new MetricsRegistry();
        registry.CreateCounter("test_latency_count", "t");

        Assert.Throws<ArgumentException>(() => registry.CreateHistogram("test_latency", "h", [1.0]));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("")]
    [InlineData("with space")]
    public void Create_InvalidMetricName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().CreateCounter(name, "h"));
    }

    [Theory]
    [InlineData("__reserved")]
    [InlineData("le")]
    [InlineData("a:b")]
    [InlineData("9x")]
    public void CreateCounterFamily_InvalidLabelName_Throws(string label)
    {
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().CreateCounterFamily("test_total", "h", label));
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 1.0, 1.0 })]
    [InlineData(new[] { 2.0, 1.0 })]
    [InlineData(new[] { double.NaN })]
    public void CreateHistogram_BadBounds_Throws(double[] bounds)
    {
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().CreateHistogram("test_h", "h", bounds));
    }

    [Fact]
    public void CreateHistogram_BoundsEndingWithInf_InfIsImplied()
    {
        var histogram = new MetricsRegistry().CreateHistogram("test_h", "h", [1.0, double.PositiveInfinity]);

        Assert.Equal([1.0], histogram.UpperBounds);
    }

    [Fact]
    public void Inc_NegativeAmount_Throws()
    {
        var counter = new MetricsRegistry().CreateCounter("test_total", "t");

        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(-1));
    }

    [Fact]
    public void WithLabel_BeyondMaxLabelValues_CountsUnderOther()
    {
        var registry = new MetricsRegistry();
        var family = registry.CreateCounterFamily("test_total", "t", "reason", maxLabelValues: 2);

        family.WithLabel("a").Inc();
        family.WithLabel("b").Inc();
        family.WithLabel("c").Inc();
        family.WithLabel("d").Inc();
        family.WithLabel("a").Inc();

        var parsed = ExpositionParser.Parse(registry.Render());
        Assert.Equal(2, parsed.Value("test_total", "reason", "a"));
        Assert.Equal(2, parsed.Value("test_total", "reason", CounterFamily.OverflowLabelValue));
        Assert.DoesNotContain(parsed.Samples, s => s.Labels["reason"] is "c" or "d");
    }
}
