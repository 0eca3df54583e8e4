namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// Holds the metrics and writes them in the Prometheus text format 0.0.4, in registration order.
/// Registration takes a lock (start-up); updating a metric never does; a scrape reads each value
/// atomically (values of different metrics are not one consistent snapshot, as in every client library).
/// </summary>
public sealed class MetricsRegistry
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private readonly object _lock = new();
    private readonly List<MetricFamily> _families = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public Counter CreateCounter(string name, string help)
    {
        var counter = new Counter();
        Register(name, help, "counter", w => WriteSample(w, name, null, null, PrometheusText.FormatValue(counter.Value)));
        return counter;
    }

    public CounterFamily CreateCounterFamily(string name, string help, string labelName, int maxLabelValues = 100)
    {
        if (!PrometheusText.IsValidLabelName(labelName) || labelName == "le")
        {
            throw new ArgumentException($"'{labelName}' is not a valid label name", nameof(labelName));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLabelValues);
        var family = new CounterFamily(labelName, maxLabelValues);
        Register(name, help, "counter", w =>
        {
            foreach (var (value, counter) in family.Snapshot())
            {
                WriteSample(w, name, labelName, value, PrometheusText.FormatValue(counter.Value));
            }
        });
        return family;
    }

    public Gauge CreateGauge(string name, string help) => CreateGaugeCore(name, help, null);

    /// <summary>A gauge whose value is <paramref name="source"/>() at scrape time; a throwing source is written as NaN.</summary>
    public Gauge CreateGauge(string name, string help, Func<double> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return CreateGaugeCore(name, help, source);
    }

    public Histogram CreateHistogram(string name, string help, IEnumerable<double> upperBounds)
    {
        var histogram = new Histogram(upperBounds);
        Register(name, help, "histogram", w =>
        {
            var cumulative = histogram.GetCumulativeCounts();
            var bounds = histogram.UpperBounds;
            for (var i = 0; i < bounds.Count; i++)
            {
                WriteSample(w, name + "_bucket", "le", PrometheusText.FormatValue(bounds[i]), PrometheusText.FormatValue(cumulative[i]));
            }

            WriteSample(w, name + "_bucket", "le", "+Inf", PrometheusText.FormatValue(cumulative[^1]));
            WriteSample(w, name + "_sum", null, null, PrometheusText.FormatValue(histogram.Sum));
            WriteSample(w, name + "_count", null, null, PrometheusText.FormatValue(cumulative[^1]));
        });
        return histogram;
    }

    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MetricFamily[] families;
        lock (_lock)
        {
            families = _families.ToArray();
        }

        foreach (var family in families)
        {
            family.WriteTo(writer);
        }
    }

    /// <summary>The whole exposition as one string.</summary>
    public string Render()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    private Gauge CreateGaugeCore(string name, string help, Func<double>? source)
    {
        var gauge = new Gauge(source);
        Register(name, help, "gauge", w =>
        {
            double value;
            try
            {
                value = gauge.Value;
            }
            catch (Exception)
            {
                value = double.NaN;
            }

            WriteSample(w, name, null, null, PrometheusText.FormatValue(value));
        });
        return gauge;
    }

    private void Register(string name, string help, string type, Action<TextWriter> writeSamples)
    {
        if (!PrometheusText.IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(help);
        var taken = type == "histogram" ? [name, .. HistogramSuffixes.Select(s => name + s)] : new[] { name };
        lock (_lock)
        {
            foreach (var n in taken)
            {
                if (_names.Contains(n))
                {
                    throw new ArgumentException($"a metric named '{n}' is already registered", nameof(name));
                }
            }

            foreach (var n in taken)
            {
                _names.Add(n);
            }

            _families.Add(new MetricFamily(name, help, type, writeSamples));
        }
    }

    private static void WriteSample(TextWriter writer, string name, string? labelName, string? labelValue, string value)
    {
        writer.Write(name);
        if (labelName is not null)
        {
            writer.Write('{');
            writer.Write(labelName);
            writer.Write("=\"");
            writer.Write(PrometheusText.EscapeLabelValue(labelValue!));
            writer.Write("\"}");
        }

        writer.Write(' ');
        writer.Write(value);
        writer.Write('\n');
    }
}
