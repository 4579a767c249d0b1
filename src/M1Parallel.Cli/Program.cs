using System.CommandLine;
using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Hosting;

var root = new RootCommand("m1p — M1-Parallel agent teams on a local model: run, experiment, estimate, report, bench, serve, models, score.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CliInvocation.InvokeAsync(root.Parse(args));
