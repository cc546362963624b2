namespace PolicyLang.Platforms
{
    /// <summary>The kind of value an <c>option</c> of a target takes.</summary>
    public enum TargetOptionKind
    {
        /// <summary><c>on</c> or <c>off</c>.</summary>
        Boolean,

        /// <summary>A plain number without unit, between <see cref="TargetOptionSpec.Minimum"/> and <see cref="TargetOptionSpec.Maximum"/>.</summary>
        Integer,

        /// <summary>A quoted string.</summary>
        String,

        /// <summary>One of <see cref="TargetOptionSpec.Words"/>.</summary>
        Word,
    }

    /// <summary>An option a platform accepts, with the kind of value it takes.</summary>
    public sealed class TargetOptionSpec
    {
        public TargetOptionSpec(string name, TargetOptionKind kind, string description, string[]? words = null, long minimum = 0, long maximum = long.MaxValue)
        {
            Name = name;
            Kind = kind;
            Description = description;
            Words = words ?? System.Array.Empty<string>();
            Minimum = minimum;
            Maximum = maximum;
        }

        public string Name { get; }
        public TargetOptionKind Kind { get; }
        public string Description { get; }
        public string[] Words { get; }
        public long Minimum { get; }
        public long Maximum { get; }

        /// <summary>What a value must look like, for messages: "on or off", "a number 1-16", "a string", "one of a, b".</summary>
        public string Expected => Kind switch
        {
            TargetOptionKind.Boolean => "on or off",
            TargetOptionKind.Integer => "a number " + Minimum + "-" + Maximum,
            TargetOptionKind.String => "a string",
            _ => "one of " + string.Join(", ", Words),
        };
    }
}
