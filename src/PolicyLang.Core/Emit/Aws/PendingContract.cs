// TEMPORARY: stands in for the language extension ("language: device blocks") until it lands on main; deleted by the merge.
namespace PolicyLang.Semantics
{
    public sealed class TargetOption
    {
        public Located<string> Name { get; set; }
        public Located<string> Value { get; set; }
    }

    internal static class PendingTargetOptions
    {
        public static TargetOption? Option(this TargetSymbol target, string name) => null;
    }
}
