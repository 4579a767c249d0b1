using System.IO.Compression;
using M1Parallel.MagenticOne.Agents.FileSurfer;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.FileSurfer;

public sealed class FileConverterTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private string PathOf(string name) => Path.Combine(_root.Path, name);

    private string Convert(string name) => FileConverter.Convert(PathOf(name), name);

    [Fact]
    public void Convert_Pdf_ShowsEachPagesTextUnderItsPageNumber()
    {
        OfficeFiles.Pdf(PathOf("report.pdf"), ["Quarterly report", "Total revenue 450"], ["Second page of the report"]);

        var text = Convert("report.pdf");

        Assert.Contains("--- Page 1 of 2 ---", text);
        Assert.Contains("Total revenue 450", text);
        Assert.Contains("--- Page 2 of 2 ---", text);
        Assert.True(text.IndexOf("Second page of the report", StringComparison.Ordinal) > text.IndexOf("--- Page 2 of 2 ---", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_PdfPageWithoutText_SaysItMayBeAScannedImage()
    {
        OfficeFiles.Pdf(PathOf("scan.pdf"), [[]]);

        var text = Convert("scan.pdf");

        Assert.Contains("--- Page 1 of 1 ---", text);
        Assert.Contains("no text on this page", text);
    }

    [Fact]
    public void Convert_Xlsx_ShowsEachSheetAsAMarkdownTableWithNumbersAndDates()
    {
        OfficeFiles.Xlsx(
            PathOf("sales.xlsx"),
            ("Sales", [["Year", "Revenue", "Closed on"], [2023.0, 450.5, new DateTime(2024, 3, 1)], [2024.0, 512.0, new DateTime(2025, 2, 28)]]),
            ("Staff", [["Name"], ["Ada | Lovelace"]]));

        var text = Convert("sales.xlsx");

        Assert.Contains("## Sales\n| Year | Revenue | Closed on |\n| --- | --- | --- |\n| 2023 | 450.5 | 2024-03-01 |\n| 2024 | 512 | 2025-02-28 |", text.ReplaceLineEndings("\n"));
        Assert.Contains("## Staff", text);
        Assert.Contains("| Ada \\| Lovelace |", text);
    }

    [Fact]
    public void Open_LargeXlsx_IsPagedLikeText()
    {
        OfficeFiles.Xlsx(PathOf("big.xlsx"), ("Data", Enumerable.Range(1, 1500).Select(i => new object[] { $"row {i:D4}", (double)i }).ToArray()));
        var browser = new FileBrowser(_root.Path);

        var first = browser.Open("big.xlsx");

        Assert.Contains("| row 0001 | 1 |", first);
        Assert.DoesNotContain("row 1500", first);
        Assert.True(browser.PageCount > 3);
        Assert.Contains("| row 1500 | 1500 |", browser.Find("row 1500"));
    }

    [Fact]
    public void Convert_Pptx_ShowsSlideNumberTitleTextTableAndNotes()
    {
        OfficeFiles.Pptx(PathOf("deck.pptx"), "Launch plan", "Ship in March", [["Phase", "Weeks"], ["Beta", "6"]], "Mention the budget");

        var text = Convert("deck.pptx").ReplaceLineEndings("\n");

        Assert.StartsWith("<!-- Slide number: 1 -->\n# Launch plan\nShip in March\n", text);
        Assert.Contains("| Phase | Weeks |\n| --- | --- |\n| Beta | 6 |", text);
        Assert.Contains("### Notes:\nMention the budget", text);
    }

    [Fact]
    public void Convert_Zip_ListsItsEntriesAndSaysToExtractThem()
    {
        using (var zip = ZipFile.Open(PathOf("bundle.zip"), ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("data/table.csv").Open());
            writer.Write("a,b\n1,2\n");
        }

        var text = Convert("bundle.zip");

        Assert.Contains("- data/table.csv (8 bytes)", text);
        Assert.Contains("ask Coder to extract it", text);
    }

    [Fact]
    public void Convert_Tsv_ShowsAMarkdownTable()
    {
        _root.Write("t.tsv", "name\tscore\nAda\t9\n");

        Assert.Contains("| Ada | 9 |", Convert("t.tsv"));
    }

    [Theory]
    [InlineData("photo.png", "an image file (.png)")]
    [InlineData("scan.JPG", "an image file (.jpg)")]
    [InlineData("interview.mp3", "an audio file (.mp3)")]
    [InlineData("talk.mp4", "a video file (.mp4)")]
    public void Convert_ImageAudioOrVideo_SaysATextOnlyModelCannotReadThisKindOfFile(string name, string kind)
    {
        File.WriteAllBytes(PathOf(name), [0x89, 0x50, 0x4E, 0x47, 0, 1, 2]);

        var ex = Assert.Throws<NotSupportedException>(() => Convert(name));

        Assert.Equal($"'{name}' is {kind}. FileSurfer cannot read this kind of file with a text-only model.", ex.Message);
    }

    [Fact]
    public void Convert_LegacyExcel_SaysOnlyTheNewerFormatIsReadAndSuggestsCoder()
    {
        File.WriteAllBytes(PathOf("old.xls"), [0xD0, 0xCF, 0x11, 0xE0]);

        var ex = Assert.Throws<NotSupportedException>(() => Convert("old.xls"));

        Assert.Contains("old binary Office file (.xls)", ex.Message);
        Assert.Contains("Coder", ex.Message);
    }

    [Theory]
    [InlineData("broken.pdf", "PDF")]
    [InlineData("broken.xlsx", "Excel .xlsx")]
    [InlineData("broken.docx", "Word .docx")]
    [InlineData("broken.pptx", "PowerPoint .pptx")]
    [InlineData("broken.zip", "ZIP")]
    public void Convert_DamagedFile_GivesAClearErrorNamingTheFileAndFormat(string name, string format)
    {
        _root.Write(name, "this is not what the extension promises");

        var ex = Assert.Throws<FormatException>(() => Convert(name));

        Assert.StartsWith($"FileSurfer could not read '{name}' as {format}", ex.Message);
        Assert.Contains("damaged", ex.Message);
    }

    [Fact]
    public void Convert_TruncatedXlsx_GivesAClearError()
    {
        OfficeFiles.Xlsx(PathOf("full.xlsx"), ("Sheet1", [["a", 1.0]]));
        var bytes = File.ReadAllBytes(PathOf("full.xlsx"));
        File.WriteAllBytes(PathOf("cut.xlsx"), bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<FormatException>(() => Convert("cut.xlsx"));

        Assert.Contains("'cut.xlsx'", ex.Message);
    }

    [Fact]
    public void Description_NamesEveryFormatTheConverterReads_AndTheKindsItCannot()
    {
        var description = FileSurferCapabilities.Description;

        Assert.All(FileConverter.Formats, f => Assert.Contains(f.Name, description));
        Assert.Equal(
            ["PDF", "Word .docx", "Excel .xlsx", "PowerPoint .pptx", "CSV/TSV", "JSON", "HTML", "ZIP (lists the files inside)", "plain text (markdown, code, logs and any other text file)"],
            FileConverter.Formats.Select(f => f.Name));
        Assert.Contains("cannot read images, audio or video", description);
        Assert.DoesNotContain("spreadsheets", description);
    }

    [Fact]
    public void Formats_AndUnreadableKinds_ClaimNoExtensionTwice()
    {
        var extensions = FileConverter.Formats.SelectMany(f => f.Extensions).Concat(UnreadableKind.All.SelectMany(k => k.Extensions)).ToList();

        Assert.Equal(extensions.Count, extensions.Distinct(StringComparer.Ordinal).Count());
        Assert.All(extensions, e => Assert.Equal(e.ToLowerInvariant(), e));
    }
}
