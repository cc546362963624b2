namespace PolicyLang { internal static class Placeholder { } }
