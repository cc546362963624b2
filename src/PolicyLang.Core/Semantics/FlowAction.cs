namespace PolicyLang.Semantics
{
    public enum FlowAction
    {
        Allow,
        Deny,
    }
}
