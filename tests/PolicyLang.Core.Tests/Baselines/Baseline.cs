using System;
using System.IO;
using ApprovalTests;
using ApprovalTests.Core;
using ApprovalTests.Writers;

namespace PolicyLang.Tests.Baselines
{
    /// <summary>
    /// Approved-file comparison (ApprovalTests): the received text must equal NAME.approved.EXT next to the input.
    /// Set POLICYLANG_UPDATE_BASELINES=1 to accept every received file as the new baseline; review the diff in git.
    /// </summary>
    public static class Baseline
    {
        public static bool Updating => Environment.GetEnvironmentVariable("POLICYLANG_UPDATE_BASELINES") == "1";

        public static void Verify(string text, string directory, string name, string extension = "txt")
        {
            var normalized = text.Replace("\r\n", "\n");
            Approvals.Verify(new ApprovalTextWriter(normalized, extension), new FolderNamer(directory, name), new UpdatingReporter());
        }

        private sealed class FolderNamer : IApprovalNamer
        {
            public FolderNamer(string directory, string name)
            {
                SourcePath = directory;
                Name = name;
            }

            public string SourcePath { get; }
            public string Name { get; }
        }

        /// <summary>On a mismatch: accept the received file when updating, else leave it for review and let the test fail.</summary>
        private sealed class UpdatingReporter : IApprovalFailureReporter
        {
            public void Report(string approved, string received)
            {
                if (!Updating) return;
                File.Copy(received, approved, overwrite: true);
                File.Delete(received);
            }
        }
    }
}
