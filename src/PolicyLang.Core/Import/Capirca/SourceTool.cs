namespace PolicyLang.Import.Capirca
{
    /// <summary>
    /// The tool whose policy is imported: <c>policyc import capirca</c> or <c>policyc import aerleon</c>. Both read the same
    /// files the same way; the imported files name the tool and quote its header in the form of the policy file
    /// (<c>target::</c> lines of a <c>.pol</c>, the <c>targets:</c> mapping of Aerleon's YAML).
    /// </summary>
    public enum SourceTool
    {
        Capirca,
        Aerleon,
    }
}
