global using Xunit;

// The CLI writes to the process-wide console: its tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
