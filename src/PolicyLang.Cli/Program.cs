using System;
using PolicyLang.Syntax;
using PolicyLang.Text;
foreach (var f in args)
{
    var tree = PolicySyntaxTree.Parse(SourceText.FromFile(f));
    Console.WriteLine($"{f}: {tree.Declarations.Count} decls, roundtrip={tree.ToFullString() == tree.Text.Text}");
    foreach (var d in tree.Declarations) Console.WriteLine($"  {d.Kind} {d.NameToken?.Text} @{d.Start}");
    foreach (var d in tree.Diagnostics) { var lp = tree.Text.GetLinePosition(d.Span.Start); Console.WriteLine($"{f}({lp.Line+1},{lp.Column}): {d.Id}: {d.Message}"); }
}
