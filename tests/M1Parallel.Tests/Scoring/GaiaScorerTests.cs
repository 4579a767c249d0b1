using M1Parallel.Scoring;

namespace M1Parallel.Tests.Scoring;

public sealed class GaiaScorerTests
{
    [Theory]
    [InlineData("17", "17")]
    [InlineData("17.0", "17")]
    [InlineData("$17", "17")]
    [InlineData("1,000", "1000")]
    [InlineData("$1,000.50", "1000.5")]
    [InlineData("45%", "45")]
    [InlineData(" 3 ", "3")]
    [InlineData("1e3", "1000")]
    [InlineData("+.5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("-0", "0")]
    [InlineData("١٢", "12")]
    public void Score_NumericTruthAndEqualNumber_IsCorrect(string answer, string truth)
    {
        var score = GaiaScorer.Score(answer, truth);
        Assert.True(score.Correct);
        Assert.Equal(GaiaRule.Number, score.Rule);
    }

    [Theory]
    [InlineData("17 apples", "17")]
    [InlineData("seventeen", "17")]
    [InlineData("1 000", "1000")]
    [InlineData("17.01", "17")]
    [InlineData("1__000", "1000")]
    [InlineData("_1000", "1000")]
    [InlineData("0x11", "17")]
    [InlineData("", "0")]
    [InlineData("€17", "17")]
    public void Score_NumericTruthAndNonMatchingAnswer_IsWrong(string answer, string truth)
    {
        Assert.False(GaiaScorer.IsCorrect(answer, truth));
    }

    [Fact]
    public void Score_NanTruth_IsNeverCorrect()
    {
        Assert.False(GaiaScorer.IsCorrect("nan", "nan"));
    }

    [Fact]
    public void Score_InfinityTruthAndUnparseableAnswer_IsCorrectLikeTheOfficialScorer()
    {
        // normalize_number_str returns float("inf") for text it cannot parse, so "inf" truth accepts any garbage.
        Assert.True(GaiaScorer.IsCorrect("no idea", "inf"));
        Assert.True(GaiaScorer.IsCorrect("Infinity", "inf"));
        Assert.False(GaiaScorer.IsCorrect("-inf", "inf"));
    }

    [Fact]
    public void Score_NullAnswer_IsScoredAsTheStringNone()
    {
        Assert.True(GaiaScorer.IsCorrect(null, "none"));
        Assert.False(GaiaScorer.IsCorrect(null, "17"));
    }

    [Theory]
    [InlineData("Paris", "paris")]
    [InlineData("  Saint Petersburg ", "SaintPetersburg")]
    [InlineData("St. Petersburg", "st petersburg")]
    [InlineData("sea-gull!", "seagull")]
    [InlineData("\"Quoted\"", "quoted")]
    [InlineData("Right\u00a0Now", "right now")]
    [InlineData("a\u001fb", "ab")]
    public void Score_StringTruthAfterRemovingSpacesCaseAndPunctuation_IsCorrect(string answer, string truth)
    {
        var score = GaiaScorer.Score(answer, truth);
        Assert.True(score.Correct);
        Assert.Equal(GaiaRule.String, score.Rule);
    }

    [Theory]
    [InlineData("Paris, France", "Paris")]
    [InlineData("Pariss", "Paris")]
    [InlineData("Café", "Cafe")]
    [InlineData("Paris\u200b", "Paris")]
    public void Score_StringTruthWithDifferentLetters_IsWrong(string answer, string truth)
    {
        Assert.False(GaiaScorer.IsCorrect(answer, truth));
    }

    [Theory]
    [InlineData("apple, banana, cherry", "apple,banana,cherry")]
    [InlineData("Apple;Banana;Cherry", "apple, banana, cherry")]
    [InlineData("1, 2, 3", "1,2,3")]
    [InlineData("$1, 2%, 3.0", "1; 2; 3")]
    [InlineData("a b, c", "ab,c")]
    [InlineData("x,", "x,")]
    public void Score_ListTruthWithEqualElements_IsCorrect(string answer, string truth)
    {
        var score = GaiaScorer.Score(answer, truth);
        Assert.True(score.Correct);
        Assert.Equal(GaiaRule.List, score.Rule);
    }

    [Fact]
    public void Score_ListTruthWithDifferentLength_IsWrongWithTheOfficialWarning()
    {
        var score = GaiaScorer.Score("apple, banana", "apple, banana, cherry");
        Assert.False(score.Correct);
        Assert.Equal(GaiaRule.List, score.Rule);
        Assert.Equal("Answer lists have different lengths, returning False.", score.Warning);
    }

    [Theory]
    [InlineData("st. louis, paris", "st louis, paris")]
    [InlineData("banana, apple", "apple, banana")]
    [InlineData("one, 2", "1, 2")]
    [InlineData("1000", "1,000")]
    public void Score_ListTruthKeepsPunctuationAndOrder_IsWrong(string answer, string truth)
    {
        Assert.False(GaiaScorer.IsCorrect(answer, truth));
    }

    [Fact]
    public void Score_ThousandsSeparatorInTruth_IsAListOfTwoNumbers()
    {
        // "1,000" is not a Python float, so the official scorer treats it as the list ["1", "000"].
        Assert.True(GaiaScorer.IsCorrect("1,000", "1,000"));
        Assert.True(GaiaScorer.IsCorrect("1.0; 0", "1,000"));
    }

    [Theory]
    [InlineData("$1,000", "1000")]
    [InlineData("1000.0", "$1,000")]
    [InlineData("The Beatles", "the beatles.")]
    [InlineData("a, b", "A,B")]
    public void SameAnswer_AnswersEitherScoresAsTheOther_Agree(string first, string second)
    {
        Assert.True(GaiaScorer.SameAnswer(first, second));
        Assert.True(GaiaScorer.SameAnswer(second, first));
    }

    [Theory]
    [InlineData("1000", "1001")]
    [InlineData("paris", "london")]
    [InlineData("1, 2", "1, 3")]
    public void SameAnswer_DifferentAnswers_Disagree(string first, string second)
    {
        Assert.False(GaiaScorer.SameAnswer(first, second));
    }

    [Theory]
    [InlineData("a,b;c", new[] { "a", "b", "c" })]
    [InlineData("a,,b", new[] { "a", "", "b" })]
    [InlineData(",", new[] { "", "" })]
    public void SplitList_Text_SplitsOnCommaAndSemicolonKeepingEmptyPieces(string text, string[] expected)
    {
        Assert.Equal(expected, GaiaScorer.SplitList(text));
    }

    [Theory]
    [InlineData("$1,234", 1234d)]
    [InlineData("12%", 12d)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("abc", double.PositiveInfinity)]
    [InlineData("-2.5", -2.5d)]
    public void NormalizeNumber_Text_ParsesLikePythonAfterStrippingUnits(string text, double expected)
    {
        Assert.Equal(expected, GaiaScorer.NormalizeNumber(text));
    }

    [Fact]
    public void NormalizeString_KeepPunctuation_OnlyRemovesWhitespaceAndCase()
    {
        Assert.Equal("st.louis", GaiaScorer.NormalizeString(" St. Louis ", removePunctuation: false));
        Assert.Equal("stlouis", GaiaScorer.NormalizeString(" St. Louis "));
    }
}
