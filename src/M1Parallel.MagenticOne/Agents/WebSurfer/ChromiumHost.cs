using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>Starts and closes one headless Chromium (the system's, never a downloaded one) with one browser context, and
/// knows its current page (a popup becomes the current page). Every page it opens is handed once to the
/// <c>onNewPage</c> callback. Not thread-safe on its own: <see cref="CrashRecovery"/> serialises starts and replacements.</summary>
internal sealed class ChromiumHost : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSurferOptions _options;
    private readonly Action<IPage> _onNewPage;
    private readonly ConditionalWeakTable<IPage, object> _announced = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TaskCompletionSource? _browserGone;
    private IBrowserContext? _context;
    private volatile bool _disposed;

    /// <param name="options">Which Chromium, and the viewport.</param>
    /// <param name="onNewPage">Told of every page (tab) the browser opens, once each, before it is used.</param>
    public ChromiumHost(WebSurferOptions options, Action<IPage> onNewPage)
    {
        _options = options;
        _onNewPage = onNewPage;
    }

    /// <summary>The current page, or null before the browser starts (and after a crashed browser is forgotten).</summary>
    public IPage? Page { get; private set; }

    /// <summary>The browser context (its cookies are kept when a tab is replaced), or null when no browser runs.</summary>
    public IBrowserContext? Context => _context;

    /// <summary>Whether <see cref="DisposeAsync"/> has been called.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Completes when the running browser's process disconnects; null when none was started.</summary>
    public Task? Gone => _browserGone?.Task;

    /// <summary>Whether the started browser's process is known to be gone.</summary>
    public bool IsGone => _browserGone is { Task.IsCompleted: true } || _browser is { IsConnected: false };

    /// <summary>How many pages (tabs) are open in the browser's context (0 before it starts).</summary>
    public int OpenPages => _context?.Pages.Count(p => !p.IsClosed) ?? 0;

    /// <summary>Launches Chromium with a fresh context and one blank page, which becomes <see cref="Page"/>.</summary>
    /// <exception cref="InvalidOperationException">Chromium is missing or failed to start.</exception>
    /// <exception cref="ObjectDisposedException">The host was disposed while the browser started (it is closed again).</exception>
    public async Task<IPage> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The WebSurfer's browser is not available: '{_options.ChromiumPath}' does not exist. Install Chromium (apt-get install chromium) or set WebSurferOptions.ChromiumPath; a browser is never downloaded.");
        }

        try
        {
            _playwright = await Playwright.CreateAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _options.ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            browser.Disconnected += (_, _) => gone.TrySetResult();
            if (!browser.IsConnected)
            {
                gone.TrySetResult();
            }

            (_browser, _browserGone) = (browser, gone);
            _context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                AcceptDownloads = true,
                ViewportSize = new ViewportSize { Width = _options.ViewportWidth, Height = _options.ViewportHeight },
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            _context.Page += (_, popup) => Use(popup);
            Use(await _context.NewPageAsync().WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (PlaywrightException ex) when (!IsGone)
        {
            await ForgetAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The WebSurfer's browser ({_options.ChromiumPath}) failed to start: {BrowserMessages.FirstLine(ex.Message)}", ex);
        }

        if (_disposed)
        {
            // Disposed while starting: close what was just started rather than leave it running.
            await CloseAsync(_browser, _playwright).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(BrowserSession));
        }

        return Page!;
    }

    /// <summary>Makes the context's last open page current, opening a blank one when none is open (the current page was closed).</summary>
    public async Task<IPage> AdoptOpenPageAsync()
    {
        var context = _context ?? throw new InvalidOperationException("The browser has not been started.");
        return Use(context.Pages.LastOrDefault(p => !p.IsClosed) ?? await context.NewPageAsync().ConfigureAwait(false));
    }

    /// <summary>Closes <paramref name="crashed"/> and opens a blank page in the same context (cookies kept), which becomes current.
    /// Right after a renderer dies, Chromium can hand the new tab a renderer that is itself dying, and the tab never
    /// finishes opening; so a first try that takes half the action time limit is abandoned for a second one, and any tab
    /// the first try leaves behind is closed.</summary>
    /// <exception cref="PlaywrightException">The browser could not open a page.</exception>
    /// <exception cref="TimeoutException">Neither try opened a page within half the action time limit.</exception>
    public async Task<IPage> ReplacePageAsync(IPage crashed, CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("The browser has not been started.");
        await ClosePageAsync(crashed).ConfigureAwait(false);
        var half = _options.ActionTimeout / 2;
        IPage fresh;
        try
        {
            fresh = await context.NewPageAsync().WaitAsync(half, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            fresh = await context.NewPageAsync().WaitAsync(half, cancellationToken).ConfigureAwait(false);
        }

        foreach (var stray in context.Pages.Where(p => p != fresh && !p.IsClosed).ToList())
        {
            await ClosePageAsync(stray).ConfigureAwait(false);
        }

        return Use(fresh);
    }

    /// <summary>Forgets the browser (a later <see cref="StartAsync"/> launches a fresh one) and closes it; never throws, never waits long.</summary>
    public async Task ForgetAsync()
    {
        var (browser, playwright) = (_browser, _playwright);
        (_browser, _browserGone, _context, Page, _playwright) = (null, null, null, null, null);
        await CloseAsync(browser, playwright).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await CloseAsync(_browser, _playwright).ConfigureAwait(false);
    }

    private IPage Use(IPage page)
    {
        Page = page;
        if (_announced.TryAdd(page, page))
        {
            _onNewPage(page);
        }

        return page;
    }

    /// <summary>Closes one page (crashed or not); never throws, never waits long.</summary>
    private static async Task ClosePageAsync(IPage page)
    {
        try
        {
            await page.CloseAsync().WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            // A crashed page may refuse to close politely; its renderer is gone anyway.
        }
    }

    /// <summary>Closes a browser (alive or already dead) and its Playwright driver; never throws, never waits long.</summary>
    private static async Task CloseAsync(IBrowser? browser, IPlaywright? playwright)
    {
        try
        {
            if (browser is { IsConnected: true })
            {
                await browser.CloseAsync().WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or InvalidOperationException)
        {
            // Closing a browser that is already gone.
        }
        finally
        {
            playwright?.Dispose();
        }
    }
}
