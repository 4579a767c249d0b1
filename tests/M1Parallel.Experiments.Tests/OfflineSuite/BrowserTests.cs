using M1Parallel.Experiments.OfflineSuite;
using Microsoft.Playwright;

namespace M1Parallel.Experiments.Tests.OfflineSuite;

/// <summary>The site and its search, driven in headless Chromium as the WebSurfer will drive them.</summary>
public sealed class BrowserTests
{
    [ChromiumFact]
    public async Task Chromium_BrowsesFromHomeToATableThroughTheNavigation()
    {
        await using var server = await OfflineSuiteServer.StartAsync(new OfflineSuiteServerOptions(SuiteFolders.Shipped));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.BaseUrl.ToString());
        await page.ClickAsync("nav >> text=Lighthouses");
        var heights = await page.Locator("#lighthouses tbody tr td:nth-child(4)").AllInnerTextsAsync();
        await page.ClickAsync("#lighthouses >> text=Vantry Rock Light");

        Assert.Equal(12, heights.Count);
        Assert.Equal("38", heights.MaxBy(int.Parse));
        Assert.Contains("register-2.html#vantry-rock-light", page.Url, StringComparison.Ordinal);
        Assert.Equal("38 m", await page.Locator("#vantry-rock-light .infobox tr:has(th:text('Height')) td").InnerTextAsync());
    }

    [ChromiumFact]
    public async Task Chromium_SearchBoxFindsAPageNoMenuLinksTo()
    {
        await using var server = await OfflineSuiteServer.StartAsync(new OfflineSuiteServerOptions(SuiteFolders.Shipped));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseUrl, "towns/lisk.html").ToString());
        await page.FillAsync("input[name=q]", "harbourmaster ledger 1888");
        await page.PressAsync("input[name=q]", "Enter");
        await page.WaitForURLAsync("**/search?q=*");
        var firstResult = page.Locator("ol.results li a").First;
        var snippet = await page.Locator("ol.results li .snippet").First.InnerTextAsync();
        await firstResult.ClickAsync();

        Assert.Contains("ledger", snippet, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("/archive/harbourmaster-ledger-1888.html", page.Url, StringComparison.Ordinal);
        Assert.Equal(14, await page.Locator("#arrivals tbody tr").CountAsync());
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
}
