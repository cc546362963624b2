using Xunit;

// Every test starts its own server process; run them one at a time so a test's timings (the 10 MB document,
// cancellation) are not at the mercy of the other tests' servers on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
