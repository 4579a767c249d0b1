using System.CommandLine;

namespace M1Parallel.Cli.Commands;

/// <summary>Every top-level <c>m1p</c> command, one factory per command file.</summary>
internal static class CommandCatalog
{
    /// <summary>Creates the top-level commands in the order <c>m1p --help</c> lists them.</summary>
    public static IEnumerable<Command> All()
    {
        yield return RunCommand.Create();
        yield return ExperimentCommand.Create();
        yield return AggregateCommand.Create();
        yield return EstimateCommand.Create();
        yield return ReportCommand.Create();
        yield return ResultsCommand.Create();
        yield return ScoreCommand.Create();
        yield return SuiteCommand.Create();
        yield return ServeCommand.Create();
        yield return ChatCommand.Create();
        yield return BenchCommand.Create();
        yield return TraceCommand.Create();
        yield return ModelsCommand.Create();
    }
}
