using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using M1Parallel.Inference.Gguf;

namespace M1Parallel.Inference.Models;

/// <summary>The real models this project knows (models/catalog.json): where they come from and how to check a local copy.</summary>
public sealed class ModelCatalog
{
    /// <summary>The catalog's path relative to the repository root.</summary>
    public const string RelativePath = "models/catalog.json";

    /// <summary>How far a file's size may stray from a published, rounded size (e.g. "19.8 GB") and still match.</summary>
    public const double ApproximateSizeTolerance = 0.01;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private ModelCatalog(string path, IReadOnlyList<Entry> models)
    {
        Path = path;
        Models = models;
    }

    /// <summary>The file the catalog was read from.</summary>
    public string Path { get; }

    /// <summary>Every model, in catalog order.</summary>
    public IReadOnlyList<Entry> Models { get; }

    /// <summary>Reads and checks a catalog file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The JSON is malformed or an entry lacks a name, source or file, or has a malformed sha256.</exception>
    public static ModelCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model catalog '{path}' does not exist. Run from the repository (it holds {RelativePath}) or pass --catalog.", path);
        }

        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Model catalog '{path}' is not valid JSON: {e.Message}", e);
        }

        var models = document?.Models ?? [];
        foreach (var entry in models)
        {
            if (string.IsNullOrWhiteSpace(entry.Name) || string.IsNullOrWhiteSpace(entry.Source) || string.IsNullOrWhiteSpace(entry.File))
            {
                throw new InvalidDataException($"Model catalog '{path}': every model needs a name, a source and a file; '{entry.Name}' lacks one.");
            }

            if (entry.Sha256 is { } sha && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            {
                throw new InvalidDataException($"Model catalog '{path}': '{entry.Name}' has sha256 '{sha}', which is not 64 hex digits. Use null where no hash is published.");
            }
        }

        var duplicate = models.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Model catalog '{path}' names '{duplicate.Key}' twice; names must be unique.");
        }

        return new ModelCatalog(System.IO.Path.GetFullPath(path), models);
    }

    /// <summary>Looks for models/catalog.json in <paramref name="startDirectory"/> and its parents; null if none holds one.</summary>
    public static string? Locate(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The entry with this name or file name (ignoring case), or null.</summary>
    public Entry? Find(string nameOrFile) => Models.FirstOrDefault(m =>
        string.Equals(m.Name, nameOrFile, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(m.File, System.IO.Path.GetFileName(nameOrFile), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks a local model file: reads its GGUF header, computes its sha256 and compares both with the entry (when given):
    /// the published hash where there is one, else the published size, and the architecture, block count and width.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<Verification> VerifyAsync(string path, Entry? entry, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        var problems = new List<string>();
        var notes = new List<string>();
        GgufFile? header = null;
        try
        {
            header = GgufFile.Read(path);
        }
        catch (GgufFormatException e)
        {
            problems.Add(e.Message);
        }

        var size = new FileInfo(path).Length;
        var sha256 = await HashAsync(path, size, progress, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            notes.AddRange(header is null ? [] : [HeaderNote(header)]);
            notes.Add("not in the catalog; header read and sha256 computed only");
            return new Verification(path, size, sha256, problems, notes);
        }

        var checkedFile = Check(path, entry, header, size, sha256);
        return checkedFile with { Problems = [.. problems, .. checkedFile.Problems], Notes = [.. notes, .. checkedFile.Notes] };
    }

    /// <summary>
    /// Compares what is known of a file (its GGUF header, size and sha256) with the entry: the published hash where there
    /// is one, else the published size, and the architecture, block count and width. Used by verify and by a download.
    /// </summary>
    internal static Verification Check(string path, Entry entry, GgufFile? header, long size, string sha256)
    {
        var problems = new List<string>();
        var notes = header is null ? new List<string>() : [HeaderNote(header)];
        if (entry.Sha256 is { } expected)
        {
            if (string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase))
            {
                notes.Add("sha256 matches the published hash");
            }
            else
            {
                problems.Add($"sha256 is {sha256} but {entry.Source} publishes {expected}: the file is corrupt or a different version; fetch it again.");
            }
        }
        else if (entry.ApproximateBytes is { } approximate)
        {
            var off = Math.Abs(size - approximate) / (double)approximate;
            if (off <= ApproximateSizeTolerance)
            {
                notes.Add($"no published hash; size checked only ({size:N0} bytes, published about {approximate:N0})");
            }
            else
            {
                problems.Add($"size is {size:N0} bytes but {entry.Source} lists about {approximate:N0} bytes (no published hash to compare): the file is truncated or a different quantization.");
            }
        }
        else
        {
            notes.Add("no published hash or size; header checked only");
        }

        if (header is null)
        {
            return new Verification(path, size, sha256, problems, notes);
        }

        if (entry.Architecture is { } architecture && !string.Equals(architecture, header.Architecture, StringComparison.Ordinal))
        {
            problems.Add($"architecture is '{header.Architecture}' but {entry.Name} is '{architecture}'.");
        }

        var arch = header.Architecture ?? "";
        CheckNumber(header, $"{arch}.block_count", entry.BlockCount, "block count", entry.Name, problems);
        CheckNumber(header, $"{arch}.embedding_length", entry.EmbeddingLength, "embedding length", entry.Name, problems);
        return new Verification(path, size, sha256, problems, notes);
    }

    private static string HeaderNote(GgufFile header) =>
        $"GGUF v{header.Version}, architecture {header.Architecture ?? "(none)"}, {header.Tensors.Count} tensors";

    private static void CheckNumber(GgufFile header, string key, int? expected, string what, string name, List<string> problems)
    {
        var actual = header.Metadata.GetValueOrDefault(key)?.AsInteger();
        if (expected is { } e && actual != e)
        {
            problems.Add($"{what} ({key}) is {actual?.ToString() ?? "missing"} but {name} has {e}.");
        }
    }

    private static async Task<string> HashAsync(string path, long size, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[4 << 20];
        long done = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            done += read;
            progress?.Report((double)done / Math.Max(1, size));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>One catalog model.</summary>
    /// <param name="Name">Short name used on the command line, e.g. "qwen3-32b-q4_k_m".</param>
    /// <param name="Description">What it is for.</param>
    /// <param name="Source">Where to download it (a Hugging Face repository page).</param>
    /// <param name="File">The file name in that repository.</param>
    /// <param name="Sha256">The published sha256 (Git LFS oid), or null where none could be confirmed.</param>
    /// <param name="ApproximateBytes">The size the source lists (rounded), or null.</param>
    /// <param name="Architecture">Expected general.architecture.</param>
    /// <param name="BlockCount">Expected transformer blocks.</param>
    /// <param name="EmbeddingLength">Expected embedding width.</param>
    /// <param name="Notes">Where the facts above come from.</param>
    /// <param name="Revision">The branch, tag or commit of the repository to download from; null means "main".</param>
    public sealed record Entry(
        string Name, string? Description, string Source, string File, string? Sha256, long? ApproximateBytes,
        string? Architecture, int? BlockCount, int? EmbeddingLength, string? Notes, string? Revision = null)
    {
        /// <summary>The revision to download: <see cref="Revision"/>, or "main".</summary>
        public string RevisionOrMain => string.IsNullOrWhiteSpace(Revision) ? "main" : Revision;

        /// <summary>The repository id ("owner/name") taken from <see cref="Source"/>, or null when the source is not a repository page.</summary>
        public string? Repository => Uri.TryCreate(Source, UriKind.Absolute, out var uri) &&
                                     uri.AbsolutePath.Trim('/').Split('/') is [var owner, var name] && owner.Length > 0 && name.Length > 0
            ? $"{owner}/{name}"
            : null;
    }

    /// <summary>The outcome of checking a local file.</summary>
    /// <param name="Path">The file checked.</param>
    /// <param name="Size">Its size in bytes.</param>
    /// <param name="Sha256">Its sha256, lower-case hex.</param>
    /// <param name="Problems">What is wrong (empty when the file checks out).</param>
    /// <param name="Notes">What was checked and found in order.</param>
    public sealed record Verification(string Path, long Size, string Sha256, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
    {
        /// <summary>Whether no problem was found.</summary>
        public bool IsValid => Problems.Count == 0;
    }

    private sealed record Document([property: JsonPropertyName("models")] List<Entry>? Models);
}
