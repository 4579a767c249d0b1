using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>Knows which pages' renderer processes died (the tab crashed while the browser lives): from Playwright's
/// <see cref="IPage.Crash"/> event, or from a call on the page failing with "Target crashed" / "Page crashed".</summary>
internal sealed class PageCrashWatch
{
    private readonly ConditionalWeakTable<IPage, object> _crashed = [];

    /// <summary>Starts listening for <paramref name="page"/>'s crash.</summary>
    public void Watch(IPage page) => page.Crash += (_, crashed) => _crashed.TryAdd(crashed, crashed);

    /// <summary>Whether <paramref name="page"/>'s renderer is known to have died.</summary>
    public bool HasCrashed(IPage? page) => page is not null && _crashed.TryGetValue(page, out _);

    /// <summary>Whether <paramref name="exception"/>, thrown by a call on <paramref name="page"/>, says the page crashed
    /// (the crash event may still be on its way); remembers it when it does.</summary>
    public bool Recognize(IPage? page, PlaywrightException exception)
    {
        if (page is null)
        {
            return false;
        }

        if (HasCrashed(page))
        {
            return true;
        }

        var message = exception.Message;
        if (!message.Contains("Target crashed", StringComparison.OrdinalIgnoreCase) && !message.Contains("page crashed", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        _crashed.TryAdd(page, page);
        return true;
    }
}
