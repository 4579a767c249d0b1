namespace M1Parallel.Inference.Models;

/// <summary>
/// Where catalog models are kept: a folder given on the command line, else <c>M1P_MODELS_DIR</c>, else the catalog's own
/// folder (<c>models/</c> in the repository). <c>m1p models pull</c> writes there and a spec's catalog name is found there.
/// </summary>
public static class ModelsFolder
{
    /// <summary>The environment variable that moves the models folder, e.g. to a larger disk.</summary>
    public const string EnvironmentVariable = "M1P_MODELS_DIR";

    /// <summary>The models folder, as a full path.</summary>
    /// <param name="explicitFolder">A folder the user named (--dir), or null.</param>
    /// <param name="catalogPath">The catalog file in use, or null when there is none.</param>
    /// <param name="environment">Reads environment variables; the process environment when null.</param>
    public static string Resolve(string? explicitFolder, string? catalogPath, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var folder = explicitFolder
                     ?? (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null)
                     ?? (catalogPath is not null ? Path.GetDirectoryName(Path.GetFullPath(catalogPath)) : null)
                     ?? "models";
        return Path.GetFullPath(folder);
    }

    /// <summary>
    /// The downloaded file of the catalog model named <paramref name="name"/> (or its file name), using the first
    /// catalog found from <paramref name="searchFolders"/> upwards.
    /// </summary>
    /// <exception cref="FileNotFoundException">No catalog was found, or the model is not downloaded (the message says how to get it).</exception>
    /// <exception cref="KeyNotFoundException">The catalog has no such model.</exception>
    /// <exception cref="InvalidDataException">The catalog is malformed.</exception>
    public static string FindDownloaded(string name, IEnumerable<string> searchFolders, Func<string, string?>? environment = null)
    {
        var (catalog, entry) = FindEntry(name, searchFolders);
        var file = Path.Combine(Resolve(null, catalog.Path, environment), entry.File);
        return File.Exists(file)
            ? file
            : throw new FileNotFoundException(
                $"catalog model '{entry.Name}' is not downloaded: {file} does not exist. Run 'm1p models pull {entry.Name}' " +
                $"to fetch it from {entry.Source} (into ${EnvironmentVariable} when set, else beside the catalog).", file);
    }

    /// <summary>The catalog entry named <paramref name="name"/> (or its file name), downloaded or not, in the first catalog
    /// found from <paramref name="searchFolders"/> upwards.</summary>
    /// <exception cref="FileNotFoundException">No catalog was found.</exception>
    /// <exception cref="KeyNotFoundException">The catalog has no such model.</exception>
    /// <exception cref="InvalidDataException">The catalog is malformed.</exception>
    public static (ModelCatalog Catalog, ModelCatalog.Entry Entry) FindEntry(string name, IEnumerable<string> searchFolders)
    {
        var folders = searchFolders.ToList();
        var catalogPath = folders.Select(ModelCatalog.Locate).FirstOrDefault(p => p is not null)
                          ?? throw new FileNotFoundException(
                              $"'{name}' is neither a .gguf file nor a catalog model (no {ModelCatalog.RelativePath} was found in " +
                              $"{string.Join(" or ", folders)} or their parents); give the model's .gguf path.");
        var catalog = ModelCatalog.Load(catalogPath);
        var entry = catalog.Find(name)
                    ?? throw new KeyNotFoundException(
                        $"'{name}' is not in {catalog.Path} (models: {string.Join(", ", catalog.Models.Select(m => m.Name))}); give a .gguf path or a catalog name.");
        return (catalog, entry);
    }
}
