using System.Collections.Generic;
using System.Linq;

namespace PolicyLang.Diagnostics
{
    /// <summary>
    /// The single place where every diagnostic code and message lives. The CLI, the language server and the
    /// Roslyn analyzer all build their descriptors from this list. Codes are stable: never renumber or reuse one.
    /// NP0xxx: text and syntax. NP1xxx: names and declarations. NP2xxx: values and ranges.
    /// NP3xxx: flows and assertions. NP4xxx: targets and backends. NP9xxx: tool and I/O.
    /// </summary>
    public static class DiagnosticCatalog
    {
        public const string HelpBaseUrl = "https://policylang.dev/diagnostics/";

        private const string Syntax = "Syntax";
        private const string Tool = "Tool";

        public static readonly DiagnosticDescriptor UnexpectedCharacter = new DiagnosticDescriptor(
            "NP0001", DiagnosticSeverity.Error, Syntax, "Unexpected character",
            "unexpected character {0}",
            "The text contains a character that is not part of any PolicyLang token (for example a control character, "
            + "';' or a byte that is not valid UTF-8). Remove it. Consecutive invalid characters are reported once.");

        public static readonly DiagnosticDescriptor UnterminatedString = new DiagnosticDescriptor(
            "NP0002", DiagnosticSeverity.Error, Syntax, "Unterminated string",
            "unterminated string: expected a closing '\"' before the end of the line",
            "A string literal must close on the line it starts. Add the closing quote; to put a line break inside a string, write \\n.");

        public static readonly DiagnosticDescriptor UnterminatedComment = new DiagnosticDescriptor(
            "NP0003", DiagnosticSeverity.Error, Syntax, "Unterminated block comment",
            "unterminated block comment: expected '*/' before the end of the file",
            "A '/*' comment runs to the next '*/'. Close it, or use '#' or '//' for a comment that ends at the end of the line.");

        public static readonly DiagnosticDescriptor InvalidEscape = new DiagnosticDescriptor(
            "NP0004", DiagnosticSeverity.Error, Syntax, "Invalid escape sequence",
            "invalid escape sequence '{0}': expected one of \\\" \\\\ \\n \\r \\t \\u{{hex}}",
            "Strings accept the escapes \\\", \\\\, \\n, \\r, \\t and \\u{XXXX} (1 to 6 hex digits naming a Unicode scalar value).");

        public static readonly DiagnosticDescriptor NonAsciiName = new DiagnosticDescriptor(
            "NP0005", DiagnosticSeverity.Error, Syntax, "Non-ASCII character in a name",
            "unexpected character {0}: names use ASCII letters, digits, '-' and '_'; put other text in a string",
            "Names end up in device configurations and cloud templates, which accept only a narrow character set, so "
            + "PolicyLang names are ASCII. Descriptions and labels are strings and may hold any Unicode text.");

        public static readonly DiagnosticDescriptor SyntaxError = new DiagnosticDescriptor(
            "NP0010", DiagnosticSeverity.Error, Syntax, "Syntax error",
            "expected {0}, found {1}",
            "The declaration does not follow the grammar. The message names what the grammar allows at that point and "
            + "what the file has there. Only the declaration that contains the error is affected; the rest of the file is still checked.");

        public static readonly DiagnosticDescriptor ExpectedDeclaration = new DiagnosticDescriptor(
            "NP0011", DiagnosticSeverity.Error, Syntax, "Expected a declaration",
            "expected a declaration (policy, import, prefixes, ports, service, class, zone, external, allow, deny, assert, test or target), found {0}",
            "At the top level of a file every declaration starts with one of the reserved words. Text that does not is skipped up to the next declaration.");

        public static readonly DiagnosticDescriptor UnclosedBlock = new DiagnosticDescriptor(
            "NP0012", DiagnosticSeverity.Error, Syntax, "Unclosed block",
            "expected '}}' to close '{0}', found {1}",
            "A '{' has no matching '}' before the next declaration or the end of the file.");

        public static readonly DiagnosticDescriptor TooManyErrors = new DiagnosticDescriptor(
            "NP0013", DiagnosticSeverity.Error, Syntax, "Too many errors",
            "too many errors in this file; {0} more not shown",
            "Past a fixed number of syntax errors in one file the rest are counted but not listed, so that a binary or badly damaged file stays readable.");

        public static readonly DiagnosticDescriptor FileNotFound = new DiagnosticDescriptor(
            "NP9001", DiagnosticSeverity.Error, Tool, "File not found",
            "cannot read '{0}': {1}",
            "A path given on the command line, or named by an import, does not exist or cannot be read.");

        public static readonly DiagnosticDescriptor NoInputs = new DiagnosticDescriptor(
            "NP9002", DiagnosticSeverity.Error, Tool, "No policy files",
            "no .netpolicy files found in {0}",
            "The paths given contain no files ending in .netpolicy.");

        private static readonly IReadOnlyList<DiagnosticDescriptor> s_all = typeof(DiagnosticCatalog)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToList();

        public static IReadOnlyList<DiagnosticDescriptor> All => s_all;

        public static DiagnosticDescriptor? Find(string id) =>
            s_all.FirstOrDefault(d => string.Equals(d.Id, id, System.StringComparison.OrdinalIgnoreCase));
    }
}
