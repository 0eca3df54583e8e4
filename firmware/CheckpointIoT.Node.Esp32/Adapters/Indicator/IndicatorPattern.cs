namespace CheckpointIoT.Node.Esp32.Adapters.Indicator
{
    /// <summary>
    /// A light/sound pattern: steps of (outputs, duration). Outputs is a bit mask of <see cref="Green"/>,
    /// <see cref="Red"/> and <see cref="Buzzer"/>. A repeating pattern runs until the next Show.
    /// </summary>
    public sealed class IndicatorPattern
    {
        public const int Green = 1;
        public const int Red = 2;
        public const int Buzzer = 4;

        public readonly string Name;
        public readonly int[] Outputs;
        public readonly int[] DurationsMs;
        public readonly bool Repeat;

        /// <param name="steps">Pairs: outputs, duration ms, outputs, duration ms, ...</param>
        public IndicatorPattern(string name, bool repeat, int[] steps)
        {
            Name = name;
            Repeat = repeat;
            int count = steps.Length / 2;
            Outputs = new int[count];
            DurationsMs = new int[count];
            for (int i = 0; i < count; i++)
            {
                Outputs[i] = steps[i * 2];
                DurationsMs[i] = steps[i * 2 + 1];
            }
        }

        public int TotalMs
        {
            get
            {
                int total = 0;
                for (int i = 0; i < DurationsMs.Length; i++) total += DurationsMs[i];
                return total;
            }
        }
    }
}
