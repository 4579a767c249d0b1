using M1Parallel.Experiments.Estimation;
using System.CommandLine;
using M1Parallel.Experiments.Reports;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p report</c>: Markdown tables, an HTML page, and every figure as SVG and PNG, from the results store.</summary>
internal static class ReportCommand
{
    /// <summary>Creates the <c>report</c> command.</summary>
    public static Command Create()
    {
        var store = new Option<FileInfo?>("--store") { Description = "Results store (SQLite); defaults to the spec's store when --spec is given." };
        var spec = new Option<FileInfo?>("--spec") { Description = "Experiment spec: adds method kinds, aggregators side by side and the ideal-parallel estimate next to measured runs." };
        var experiment = new Option<string?>("--experiment") { Description = "Experiment in the store (defaults to the spec's name, or the store's only experiment)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for report.md, report.html and figures/ (each figure as NAME.svg and NAME.png).", DefaultValueFactory = _ => new DirectoryInfo("report") };
        var scale = new Option<double>("--png-scale") { Description = $"PNG pixels per SVG unit of the figures (above 0, at most {ReportBuilder.MaxPngScale}).", DefaultValueFactory = _ => ReportBuilder.DefaultPngScale };
        var throughput = new Option<string?>("--throughput") { Description = "Per-stream tokens/s measured at 1..k streams (m1p bench scheduler), e.g. '1:30,2:27,3:25': adds the contention-aware estimate beside the measured runs (needs --spec)." };
        var modelShare = new Option<double>("--model-share") { Description = "Fraction of a run's time spent on the model (only it slows under contention).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("report", "Write the experiment report: tables with 95% CIs, latency breakdowns, Table 1, and figures like the paper's.");
        foreach (var option in new Option[] { store, spec, experiment, output, scale, throughput, modelShare })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, ct) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var pngScale = parseResult.GetValue(scale);
            if (!(pngScale is > 0 and <= ReportBuilder.MaxPngScale))
            {
                await error.WriteLineAsync($"error: --png-scale {pngScale.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; give a value above 0 and at most {ReportBuilder.MaxPngScale}, e.g. {ReportBuilder.DefaultPngScale}.");
                return 2;
            }

            ExperimentSpec? experimentSpec = null;
            if (parseResult.GetValue(spec) is { } specFile)
            {
                try
                {
                    experimentSpec = ExperimentSpecLoader.LoadFile(specFile.FullName);
                }
                catch (SpecValidationException ex)
                {
                    await error.WriteLineAsync($"error: {ex.Message}");
                    return 2;
                }
            }

            var storePath = parseResult.GetValue(store)?.FullName ?? experimentSpec?.StorePath;
            if (storePath is null)
            {
                await error.WriteLineAsync("error: give --store DB (or --spec SPEC to use its store).");
                return 2;
            }

            if (!File.Exists(storePath))
            {
                await error.WriteLineAsync($"error: results store '{storePath}' not found; run 'm1p experiment SPEC' first.");
                return 2;
            }

            var results = await ResultsStore.OpenAsync(storePath, ct);
            var name = parseResult.GetValue(experiment) ?? experimentSpec?.Name;
            if (name is null)
            {
                var names = await results.ListExperimentsAsync(ct);
                if (names.Count != 1)
                {
                    await error.WriteLineAsync(names.Count == 0
                        ? $"error: results store '{storePath}' holds no runs yet."
                        : $"error: the store holds several experiments ({string.Join(", ", names)}); pick one with --experiment.");
                    return 2;
                }

                name = names[0];
            }

            var records = await results.ReadAsync(name, ct);
            if (records.Count == 0)
            {
                await error.WriteLineAsync($"error: no runs of experiment '{name}' in '{storePath}'.");
                return 2;
            }

            ContentionInput? contention = null;
            if (parseResult.GetValue(throughput) is { } profile)
            {
                try
                {
                    contention = new ContentionInput(ThroughputProfile.Parse(profile), parseResult.GetValue(modelShare));
                }
                catch (EstimateInputException e)
                {
                    await error.WriteLineAsync($"error: --throughput: {e.Message}");
                    return 2;
                }
            }

            var report = ReportBuilder.Build(records, experimentSpec, contention, await results.GetMethodConfigsAsync(name, ct), pngScale);
            var files = await report.WriteAsync(parseResult.GetValue(output)!.FullName, ct);

            await stdout.WriteLineAsync($"report of '{name}' ({records.Count} runs):");
            foreach (var file in files)
            {
                await stdout.WriteLineAsync("  " + file);
            }

            return 0;
        });
        return command;
    }
}
