using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.MagenticOne.Tests.Formats;

public sealed class CsvRecordsTests
{
    [Fact]
    public void Parse_QuotedFields_HoldSeparatorsLineBreaksAndDoubledQuotes()
    {
        var records = CsvRecords.Parse("name,note\r\n\"Quill, Ada\",\"said \"\"hi\"\"\nthen left\"\r\nBob,x\n");

        Assert.Equal([["name", "note"], ["Quill, Ada", "said \"hi\"\nthen left"], ["Bob", "x"]], records.Select(r => r.Fields));
        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void Parse_BlankLinesAndOtherSeparators_AreKeptAndMarked()
    {
        var records = CsvRecords.Parse("a\tb\n\n1\t2", '\t');

        Assert.Equal([false, true, false], records.Select(r => r.IsBlank));
        Assert.Equal(["1", "2"], records[2].Fields);
    }

    [Fact]
    public void Parse_QuoteInsideAField_IsAnOrdinaryCharacter()
    {
        Assert.Equal(["5\" disk", "x"], CsvRecords.Parse("5\" disk,x").Single().Fields);
    }

    [Fact]
    public void Parse_UnclosedQuote_ThrowsNamingItsLine()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvRecords.Parse("a,b\n1,2\n\"open,3\n4"));

        Assert.Equal(3, error.Line);
        Assert.Contains("not closed", error.Message);
    }
}
