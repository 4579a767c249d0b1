using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Orchestration;

public sealed class FinalAnswerTextTests
{
    [Theory]
    [InlineData("FINAL ANSWER: 42", "42")]
    [InlineData("**FINAL ANSWER:** 42", "42")]
    [InlineData("**FINAL ANSWER**: 42", "42")]
    [InlineData("FINAL ANSWER: **42**", "42")]
    [InlineData("FINAL ANSWER: *Paris*", "Paris")]
    [InlineData("FINAL ANSWER: `x = 3`", "x = 3")]
    [InlineData("## FINAL ANSWER: 42", "42")]
    [InlineData("**FINAL ANSWER:**\n\n## 42\n", "42")]
    [InlineData("FINAL ANSWER: [St. Petersburg]", "St. Petersburg")]
    [InlineData("Final Answer: lower case marker", "lower case marker")]
    [InlineData("Team 1 said FINAL ANSWER: 41.\nFINAL ANSWER: 42", "42")]
    [InlineData("<think>FINAL ANSWER: 41</think>FINAL ANSWER: 42", "42")]
    [InlineData("FINAL ANSWER: 1, 2, 3", "1, 2, 3")]
    public void Extract_Reply_IsTheLastMarkersAnswerWithoutMarkdown(string reply, string expected)
    {
        Assert.Equal(expected, FinalAnswerText.Extract(reply));
    }

    [Theory]
    [InlineData("no marker at all")]
    [InlineData("FINAL ANSWER:")]
    [InlineData("**FINAL ANSWER:** **")]
    [InlineData("<think>FINAL ANSWER: 42</think>")]
    [InlineData("")]
    public void Extract_ReplyWithoutAnAnswer_IsNull(string reply)
    {
        Assert.Null(FinalAnswerText.Extract(reply));
    }

    [Theory]
    [InlineData("I think... FINAL ANSWER: 42", "42")]
    [InlineData("  no marker here ", "no marker here")]
    public void AnswerOrText_Text_IsTheMarkedAnswerOrTheWholeTextTrimmed(string text, string expected)
    {
        Assert.Equal(expected, FinalAnswerText.AnswerOrText(text));
    }

    [Fact]
    public async Task FinalAnswerStep_ReplyInMarkdownBold_GivesTheAnswerWithoutMarkdown()
    {
        using var script = new TeamScript { FinalAnswer = _ => "We computed it.\n**FINAL ANSWER:** 42" };

        var result = await script.Build().RunAsync("What is 6 times 7?");

        Assert.True(result.Answered, result.StopMessage);
        Assert.Equal("42", result.Answer);
    }
}
