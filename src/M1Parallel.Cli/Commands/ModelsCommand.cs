using System.CommandLine;
using System.Diagnostics;
using M1Parallel.Cli.Hosting;
using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Models.Download;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p models list | pull | verify | synth</c>: the model catalog, downloading and checking model files, and random-weight models.</summary>
internal static class ModelsCommand
{
    private const int Ok = 0, Invalid = 1, UsageError = 2, Unreachable = 3, Interrupted = 130;

    /// <summary>Creates the <c>models</c> command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("models", "Known models (models/catalog.json): list them, download (pull) and verify model files, or write a synthetic random-weight model for benchmarks.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreatePull());
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateSynth());
        return command;
    }

    private static Option<string?> CatalogOption() => new("--catalog")
    {
        Description = $"The catalog file (default: {ModelCatalog.RelativePath} in this folder or a parent).",
    };

    private static Option<string?> DirectoryOption() => new("--dir")
    {
        Description = $"Where model files are kept (default: ${ModelsFolder.EnvironmentVariable} when set, else the catalog's folder).",
    };

    private static Command CreateList()
    {
        var catalogOption = CatalogOption();
        var dirOption = DirectoryOption();
        var command = new Command("list", "List the catalog's models (with whether each is present locally) and the synthetic shapes.");
        command.Options.Add(catalogOption);
        command.Options.Add(dirOption);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!TryLoadCatalog(parseResult.GetValue(catalogOption), error, out var catalog))
            {
                return UsageError;
            }

            var dir = ModelsDirectory(parseResult.GetValue(dirOption), catalog);
            output.WriteLine($"Models in {catalog.Path} (files looked for in {dir}):");
            foreach (var model in catalog.Models)
            {
                var local = Path.Combine(dir, model.File);
                var present = File.Exists(local) ? $"present ({new FileInfo(local).Length / 1e9:F2} GB)" : $"not downloaded (m1p models pull {model.Name})";
                var size = model.ApproximateBytes is { } bytes ? $"~{bytes / 1e9:F1} GB" : "size not listed";
                output.WriteLine($"  {model.Name,-20} {size,-16} {present}");
                output.WriteLine($"  {"",-20} {model.Description}");
                output.WriteLine($"  {"",-20} {model.Source} → {model.File}");
                output.WriteLine($"  {"",-20} sha256: {model.Sha256 ?? "unknown (pull checks the hash the hub announces, else prints the computed one)"}");
            }

            output.WriteLine();
            output.WriteLine("Synthetic shapes ('m1p models synth --shape NAME'; random weights, Qwen vocabulary size):");
            foreach (var shape in ModelShape.Known)
            {
                var sizes = string.Join(", ", Enum.GetValues<SyntheticQuantization>().Select(q =>
                    $"{SyntheticQuantizationNames.Name(q)} {FormatBytes(SyntheticModelBuilder.Plan(shape, q, shape.VocabularySize).TensorBytes)}"));
                output.WriteLine($"  {shape.Name,-12} {shape.LayerCount} layers, width {shape.EmbeddingLength}, " +
                    $"{FormatCount(shape.ParameterCount(shape.VocabularySize))} parameters: {sizes}");
            }

            return Ok;
        });
        return command;
    }

    private static Command CreatePull()
    {
        var target = new Argument<string>("model") { Description = "The catalog name of the model to download (see 'm1p models list')." };
        var catalogOption = CatalogOption();
        var dirOption = DirectoryOption();
        var endpointOption = new Option<string?>("--endpoint")
        {
            Description = $"The Hugging Face hub to download from (default: ${ModelDownloadOptions.EndpointVariable} when set, else {ModelDownloadOptions.DefaultEndpoint}).",
        };
        var command = new Command("pull",
            $"Download a catalog model into the models folder: resumable (FILE.part; run again after an interruption), retried on a dropped connection, " +
            $"then checked (size, sha256, GGUF header, shape) and renamed into place. Gated models need ${ModelDownloadOptions.TokenVariable}.");
        command.Arguments.Add(target);
        command.Options.Add(catalogOption);
        command.Options.Add(dirOption);
        command.Options.Add(endpointOption);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!TryLoadCatalog(parseResult.GetValue(catalogOption), error, out var catalog))
            {
                return UsageError;
            }

            var name = parseResult.GetRequiredValue(target);
            if (catalog.Find(name) is not { } entry)
            {
                error.WriteLine($"'{name}' is not in {catalog.Path}. Known models: {string.Join(", ", catalog.Models.Select(m => m.Name))}.");
                return UsageError;
            }

            var dir = ModelsDirectory(parseResult.GetValue(dirOption), catalog);
            var local = Path.Combine(dir, entry.File);
            if (File.Exists(local))
            {
                output.WriteLine($"{entry.Name} is already downloaded: {local}. Check it with 'm1p models verify {entry.Name}'; delete it to download it again.");
                return Ok;
            }

            ModelDownloadOptions options;
            try
            {
                options = ModelDownloadOptions.FromEnvironment() with { Log = output };
                if (parseResult.GetValue(endpointOption) is { } endpoint)
                {
                    options = options with
                    {
                        Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--endpoint '{endpoint}' is not an http(s) URL; e.g. https://huggingface.co."),
                    };
                }
            }
            catch (ArgumentException e)
            {
                error.WriteLine(e is { ParamName: { } parameter } ? e.Message.Replace($" (Parameter '{parameter}')", "") : e.Message);
                return UsageError;
            }

            using var downloader = new ModelDownloader(options);
            try
            {
                output.WriteLine($"{entry.Name}: {downloader.UrlOf(entry)} → {local}");
                var result = await ConsoleProgressBar.OnStandardError().RunAsync(
                    $"downloading {entry.File}", progress => downloader.DownloadAsync(entry, dir, progress, cancellationToken));
                output.WriteLine($"Downloaded {entry.Name} to {result.Path} ({FormatBytes(result.Size)}); sha256 {result.Sha256}");
                foreach (var note in result.Notes)
                {
                    output.WriteLine($"  ok: {note}");
                }

                if (!result.IsHashVerified)
                {
                    output.WriteLine($"  warning: no sha256 is published for {entry.File} (not in {ModelCatalog.RelativePath}, none announced by the hub), so the hash above " +
                        $"could not be verified: compare it with the SHA256 under 'Git LFS Details' on {entry.Source}/blob/{entry.RevisionOrMain}/{entry.File}.");
                }

                return Ok;
            }
            catch (ModelDownloadException e)
            {
                error.WriteLine($"error: {e.Message}");
                return e.Failure switch
                {
                    ModelDownloadFailure.Refused or ModelDownloadFailure.NotFound or ModelDownloadFailure.Http or ModelDownloadFailure.Network => Unreachable,
                    ModelDownloadFailure.DiskSpace or ModelDownloadFailure.Storage => UsageError,
                    _ => Invalid,
                };
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: {e.Message.Replace($" (Parameter '{e.ParamName}')", "")}");
                return UsageError;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                error.WriteLine($"interrupted: what was downloaded is kept in {local}{ModelDownloader.PartSuffix}; run 'm1p models pull {entry.Name}' again to resume.");
                return Interrupted;
            }
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var target = new Argument<string?>("model")
        {
            Description = "A catalog name or a .gguf path; omitted, every catalog model present in --dir is checked.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var catalogOption = CatalogOption();
        var dirOption = DirectoryOption();
        var command = new Command("verify", "Check local model files: GGUF header, sha256 against the published hash (or the size where none is published), architecture and shape.");
        command.Arguments.Add(target);
        command.Options.Add(catalogOption);
        command.Options.Add(dirOption);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var name = parseResult.GetValue(target);
            var catalogPath = parseResult.GetValue(catalogOption);
            ModelCatalog? catalog = null;
            if ((catalogPath is not null || ModelCatalog.Locate(Environment.CurrentDirectory) is not null || name is null)
                && !TryLoadCatalog(catalogPath, error, out catalog))
            {
                return UsageError;
            }

            var dir = ModelsDirectory(parseResult.GetValue(dirOption), catalog);
            var files = new List<(string Path, ModelCatalog.Entry? Entry)>();
            if (name is null)
            {
                files.AddRange(catalog!.Models.Select(m => (Path.Combine(dir, m.File), (ModelCatalog.Entry?)m)).Where(f => File.Exists(f.Item1)));
                foreach (var missing in catalog.Models.Where(m => !File.Exists(Path.Combine(dir, m.File))))
                {
                    output.WriteLine($"{missing.Name}: not downloaded ({Path.Combine(dir, missing.File)}); run 'm1p models pull {missing.Name}'");
                }

                if (files.Count == 0)
                {
                    output.WriteLine($"No catalog model is present in {dir}; nothing to verify.");
                    return Ok;
                }
            }
            else if (File.Exists(name))
            {
                files.Add((name, catalog?.Find(name)));
            }
            else if (catalog?.Find(name) is { } entry)
            {
                var local = Path.Combine(dir, entry.File);
                if (!File.Exists(local))
                {
                    error.WriteLine($"{entry.Name} is not downloaded: {local} does not exist. Run 'm1p models pull {entry.Name}', or pass --dir.");
                    return UsageError;
                }

                files.Add((local, entry));
            }
            else
            {
                error.WriteLine($"'{name}' is neither a file nor a catalog model. Known models: {string.Join(", ", catalog?.Models.Select(m => m.Name) ?? [])}.");
                return UsageError;
            }

            var result = Ok;
            foreach (var (path, entry) in files)
            {
                output.WriteLine($"{entry?.Name ?? Path.GetFileName(path)}: {path}");
                var verification = await ConsoleProgressBar.On(output).RunAsync("  hashing", progress => ModelCatalog.VerifyAsync(path, entry, progress, cancellationToken));
                output.WriteLine($"  sha256 {verification.Sha256}, {verification.Size:N0} bytes");
                foreach (var note in verification.Notes)
                {
                    output.WriteLine($"  ok: {note}");
                }

                foreach (var problem in verification.Problems)
                {
                    output.WriteLine($"  PROBLEM: {problem}");
                }

                output.WriteLine(verification.IsValid ? "  verified" : "  FAILED");
                result = verification.IsValid ? result : Invalid;
            }

            return result;
        });
        return command;
    }

    private static Command CreateSynth()
    {
        var shapeOption = new Option<string>("--shape")
        {
            Description = $"The architecture to copy: {string.Join(", ", ModelShape.Known.Select(s => s.Name))}.",
            Required = true,
        };
        var quantOption = new Option<string>("--quant")
        {
            Description = $"How weights are stored: {string.Join(", ", SyntheticQuantizationNames.All)}.",
            DefaultValueFactory = _ => "q4_k_m",
        };
        var vocabOption = new Option<string?>("--vocab")
        {
            Description = "A GGUF whose tokenizer is copied (e.g. models/test/ggml-vocab-qwen2.gguf); default: a small byte-level vocabulary with Qwen's special tokens.",
        };
        var outOption = new Option<string?>("--out")
        {
            Description = "The .gguf to write (default: models/<shape>-synthetic-<quant>.gguf).",
        };
        var seedOption = new Option<int>("--seed")
        {
            Description = "Seed of the random weights (the same seed gives the same file).",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("synth", "Write a random-weight Qwen3 GGUF with a real model's shape and quantization layout, for speed benchmarks (speed does not depend on weight values) and tests.");
        command.Options.Add(shapeOption);
        command.Options.Add(quantOption);
        command.Options.Add(vocabOption);
        command.Options.Add(outOption);
        command.Options.Add(seedOption);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var shape = ModelShape.FromName(parseResult.GetRequiredValue(shapeOption));
                var quantization = SyntheticQuantizationNames.Parse(parseResult.GetRequiredValue(quantOption));
                var outPath = parseResult.GetValue(outOption)
                    ?? Path.Combine(Path.GetFullPath("models"), $"{shape.Name}-synthetic-{SyntheticQuantizationNames.Name(quantization)}.gguf");
                var options = new SyntheticModelOptions(shape, quantization, outPath)
                {
                    VocabularyPath = parseResult.GetValue(vocabOption),
                    Seed = parseResult.GetValue(seedOption),
                };
                var builder = new SyntheticModelBuilder(options);
                var plan = builder.Plan();
                output.WriteLine($"{shape.Name} {SyntheticQuantizationNames.Name(quantization)}: {FormatCount(plan.ParameterCount)} parameters, " +
                    $"vocabulary {plan.VocabularySize:N0} tokens ({(options.VocabularyPath is null ? "built-in byte-level" : Path.GetFileName(options.VocabularyPath))}), " +
                    $"{FormatBytes(plan.TensorBytes)} of tensor data → {options.OutputPath}");
                if (!HasRoomFor(options.OutputPath, plan.TensorBytes, out var free))
                {
                    error.WriteLine($"Not enough disk space: the model needs {FormatBytes(plan.TensorBytes)} but {Path.GetDirectoryName(options.OutputPath)} has {FormatBytes(free)} free. Choose another --out or a smaller --quant.");
                    return UsageError;
                }

                var clock = Stopwatch.StartNew();
                await ConsoleProgressBar.On(output).RunAsync("  writing", progress => new SyntheticModelBuilder(options with { Progress = progress }).WriteAsync(cancellationToken));
                output.WriteLine($"Wrote {options.OutputPath} ({FormatBytes(new FileInfo(options.OutputPath).Length)}) in {clock.Elapsed.TotalSeconds:F1} s. " +
                    "Its weights are random: use it for speed, never for answers.");
                return Ok;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or SyntheticModelException or GgufFormatException)
            {
                error.WriteLine(e is ArgumentException { ParamName: { } parameter } ? e.Message.Replace($" (Parameter '{parameter}')", "") : e.Message);
                return UsageError;
            }
        });
        return command;
    }

    private static bool TryLoadCatalog(string? path, TextWriter error, out ModelCatalog catalog)
    {
        catalog = null!;
        path ??= ModelCatalog.Locate(Environment.CurrentDirectory) ?? ModelCatalog.Locate(AppContext.BaseDirectory);
        if (path is null)
        {
            error.WriteLine($"No {ModelCatalog.RelativePath} found in this folder or its parents. Run m1p inside the repository, or pass --catalog PATH.");
            return false;
        }

        try
        {
            catalog = ModelCatalog.Load(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            error.WriteLine(e.Message);
            return false;
        }
    }

    private static string ModelsDirectory(string? dir, ModelCatalog? catalog) => ModelsFolder.Resolve(dir, catalog?.Path);

    private static bool HasRoomFor(string path, long bytes, out long free)
    {
        free = long.MaxValue;
        try
        {
            var root = Path.GetPathRoot(path);
            var dir = Path.GetDirectoryName(path);
            while (dir is not null && !Directory.Exists(dir))
            {
                dir = Path.GetDirectoryName(dir);
            }

            free = new DriveInfo(dir ?? root ?? "/").AvailableFreeSpace;
            var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
            return free + existing >= bytes;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return true; // cannot tell; let the write itself report a full disk
        }
    }

    private static string FormatCount(long count) => count >= 1_000_000_000 ? $"{count / 1e9:F2}B" : $"{count / 1e6:F2}M";

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => $"{bytes / 1e9:F2} GB",
        >= 1_000_000 => $"{bytes / 1e6:F1} MB",
        _ => $"{bytes / 1e3:F0} kB",
    };
}
