using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>Saves every file a watched page downloads into the team's <c>downloads</c> folder (a fresh name when one is
/// taken) and hands the saved names, relative to the team's folder, to the next observation.</summary>
internal sealed class DownloadSaver(string workFolder, TimeSpan saveTimeout)
{
    private readonly string _folder = Path.Combine(workFolder, "downloads");
    private readonly List<Task> _pending = [];
    private readonly List<string> _saved = [];
    private readonly Lock _gate = new();

    /// <summary>Starts saving what <paramref name="page"/> downloads.</summary>
    public void Watch(IPage page) => page.Download += (_, download) =>
    {
        var save = SaveAsync(download);
        lock (_gate)
        {
            _pending.Add(save);
        }
    };

    /// <summary>Waits for downloads still being saved (at most the save timeout), then returns and forgets the names saved
    /// since the last call, e.g. <c>downloads/report.pdf</c>.</summary>
    public async Task<IReadOnlyList<string>> TakeAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
            _pending.Clear();
        }

        if (pending.Length > 0)
        {
            await Task.WhenAll(pending).WaitAsync(saveTimeout, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            var done = _saved.ToList();
            _saved.Clear();
            return done;
        }
    }

    private async Task SaveAsync(IDownload download)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            var name = string.Concat(Path.GetFileName(download.SuggestedFilename).Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
            if (name.Length == 0)
            {
                name = "download";
            }

            var path = Path.Combine(_folder, name);
            for (var i = 1; File.Exists(path); i++)
            {
                path = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(name)}_{i}{Path.GetExtension(name)}");
            }

            await download.SaveAsAsync(path).ConfigureAwait(false);
            lock (_gate)
            {
                _saved.Add(Path.Combine("downloads", Path.GetFileName(path)));
            }
        }
        catch (PlaywrightException)
        {
            // A download cancelled with the page; nothing to report.
        }
    }
}
