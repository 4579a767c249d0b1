using System.Text.RegularExpressions;
using M1Parallel.MagenticOne.Agents.WebSurfer;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.WebSurfer;

[Collection(ChromiumCollection.Name)]
public sealed partial class BrowserSessionTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private LocalWeb _web = null!;
    private BrowserSession _browser = null!;

    public async Task InitializeAsync()
    {
        _web = await LocalWeb.StartAsync();
        _browser = new BrowserSession(new WebSurferOptions { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath }, _folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _web.DisposeAsync();
        _folder.Dispose();
    }

    private static int IdOf(string observation, string label)
    {
        var match = Regex.Match(observation, $@"\[(\d+)\] \w+ ""{Regex.Escape(label)}""");
        Assert.True(match.Success, $"no element labelled '{label}' in:\n{observation}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [ChromiumFact]
    public async Task VisitUrl_ShowsTitleUrlTextAndNumberedElements()
    {
        var page = await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);

        Assert.Contains("Page title: Home", page);
        Assert.Contains($"URL: {_web.BaseUrl}/", page);
        Assert.Contains("# Welcome to the test site", page);
        Assert.Contains("link \"About us\" -> /about", page);
        Assert.Matches(TextFieldLine(), page);
    }

    [ChromiumFact]
    public async Task Click_ByIdFromTheObservation_FollowsTheLink()
    {
        var home = await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);

        var about = await _browser.ClickAsync(IdOf(home, "About us"), CancellationToken.None);

        Assert.Contains("I clicked", about);
        Assert.Contains("Page title: About", about);
        Assert.Contains("founded in 1887 by Ada Quill", about);
    }

    [ChromiumFact]
    public async Task Click_LinkOpeningANewTab_StaysInTheObservedTab()
    {
        var home = await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);

        var about = await _browser.ClickAsync(IdOf(home, "About in a new tab"), CancellationToken.None);

        Assert.Contains("founded in 1887", about);
    }

    [ChromiumFact]
    public async Task Click_UnknownId_SaysIdsComeFromTheLatestObservation()
    {
        await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _browser.ClickAsync(999, CancellationToken.None));
        Assert.Contains("latest observation", ex.Message);
    }

    [ChromiumFact]
    public async Task WebSearch_UsesTheConfiguredSearchPage()
    {
        var results = await _browser.SearchAsync("society founding", CancellationToken.None);

        Assert.Contains("Page title: Search results", results);
        Assert.Contains("Results for society founding", results);
        Assert.Contains("q=society%20founding", results);
    }

    [ChromiumFact]
    public async Task InputText_IntoTheSearchFieldWithEnter_SubmitsTheForm()
    {
        var home = await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        var field = int.Parse(TextFieldLine().Match(home).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var results = await _browser.InputTextAsync(field, "quill", pressEnter: true, CancellationToken.None);

        Assert.Contains("Results for quill", results);
    }

    [ChromiumFact]
    public async Task HistoryBack_ReturnsToThePreviousPage_AndSaysWhenThereIsNone()
    {
        var home = await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);
        await _browser.ClickAsync(IdOf(home, "About us"), CancellationToken.None);

        var back = await _browser.BackAsync(CancellationToken.None);
        Assert.Contains("Page title: Home", back);

        var none = await _browser.BackAsync(CancellationToken.None);
        Assert.Contains("no earlier page", none);
    }

    [ChromiumFact]
    public async Task ScrollDown_MovesTheViewport_UntilTheBottom()
    {
        var top = await _browser.VisitUrlAsync(_web.BaseUrl + "/long", CancellationToken.None);
        Assert.Contains("Paragraph number 1.", top);
        Assert.DoesNotContain("THE END MARKER", top);

        var moved = await _browser.ScrollAsync(down: true, CancellationToken.None);
        Assert.Contains("I scrolled down", moved);
        Assert.DoesNotContain("Paragraph number 1.\n", moved);

        string last = moved;
        for (var i = 0; i < 20 && !last.Contains("already at the bottom", StringComparison.Ordinal); i++)
        {
            last = await _browser.ScrollAsync(down: true, CancellationToken.None);
        }

        Assert.Contains("already at the bottom", last);
        Assert.Contains("THE END MARKER", last);
    }

    [ChromiumFact]
    public async Task Click_DownloadLink_SavesTheFileInTheWorkFolder()
    {
        var home = await _browser.VisitUrlAsync(_web.BaseUrl + "/", CancellationToken.None);

        var after = await _browser.ClickAsync(IdOf(home, "Download the report"), CancellationToken.None);

        Assert.Contains("downloads/report.csv", after);
        Assert.Equal("year,count\n1887,12\n", await File.ReadAllTextAsync(Path.Combine(_folder.Path, "downloads", "report.csv")));
    }

    [ChromiumFact]
    public async Task Hover_OverAnElementWithAHoverHandler_TheObservationShowsWhatTheHoverChanged()
    {
        var page = await _browser.VisitUrlAsync(_web.BaseUrl + "/hover", CancellationToken.None);
        Assert.Contains("Nothing hovered yet.", page);

        var hovered = await _browser.HoverAsync(IdOf(page, "Products"), CancellationToken.None);

        Assert.Contains("I hovered the mouse over", hovered);
        Assert.Contains("The menu opened on hover.", hovered);
    }

    [ChromiumFact]
    public async Task Sleep_PageStillChanging_TheObservationAfterTheWaitShowsTheSettledPage()
    {
        var page = await _browser.VisitUrlAsync(_web.BaseUrl + "/later", CancellationToken.None);
        Assert.Contains("still loading", page);

        var waited = await _browser.SleepAsync(CancellationToken.None);

        Assert.Contains("I waited 3 seconds", waited);
        Assert.Contains("The results are ready.", waited);
    }

    [ChromiumFact]
    public async Task Reset_AfterBrowsing_GoesBackToTheStartPage_AndDoesNothingBeforeTheBrowserStarts()
    {
        await using var browser = new BrowserSession(
            new WebSurferOptions { SearchUrlTemplate = _web.SearchTemplate, ChromiumPath = ChromiumFactAttribute.ChromiumPath, StartPage = _web.BaseUrl + "/" },
            _folder.Path);
        Assert.Null(await browser.ResetAsync(CancellationToken.None));
        Assert.False(browser.IsStarted);
        await browser.VisitUrlAsync(_web.BaseUrl + "/about", CancellationToken.None);

        var outcome = await browser.ResetAsync(CancellationToken.None);

        Assert.Contains("went back to its start page", outcome);
        Assert.Equal(_web.BaseUrl + "/", browser.Url);
    }

    [ChromiumFact]
    public async Task VisitUrl_FileUrl_IsRefusedPointingToFileSurfer()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _browser.VisitUrlAsync("file:///etc/passwd", CancellationToken.None));
        Assert.Contains("FileSurfer", ex.Message);
    }

    [Fact]
    public async Task VisitUrl_ChromiumMissing_ExplainsHowToInstallIt()
    {
        await using var browser = new BrowserSession(new WebSurferOptions { ChromiumPath = "/nonexistent/chromium" }, _folder.Path);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => browser.VisitUrlAsync("http://127.0.0.1:1/", CancellationToken.None));
        Assert.Contains("apt-get install chromium", ex.Message);
    }

    [Fact]
    public void WebSurferOptions_SearchTemplateWithoutPlaceholder_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WebSurferOptions { SearchUrlTemplate = "http://127.0.0.1/search" });
        Assert.Contains("{query}", ex.Message);
    }

    [GeneratedRegex(@"\[(\d+)\] text ""Search the site""")]
    private static partial Regex TextFieldLine();
}
