namespace PolicyLang.Cli
{
    /// <summary>Exit codes CI can act on.</summary>
    public static class ExitCodes
    {
        public const int Success = 0;
        public const int PolicyErrors = 1;
        public const int UsageOrIoError = 2;
    }
}
