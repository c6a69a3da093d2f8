using Attest.Cli.Output;

namespace Attest.Tests;

public sealed class StoreCsvWriterTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"no\"", "\"say \"\"no\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\r", "\"cr\r\"")]
    [InlineData(" spaced ", " spaced ")]
    public void Escape_quotes_only_when_needed(string? field, string expected) =>
        Assert.Equal(expected, CsvWriter.Escape(field));

    [Fact]
    public void Rows_end_with_crlf()
    {
        using var writer = new StringWriter();
        CsvWriter.WriteRow(writer, ["a", null, "b,c"]);
        CsvWriter.WriteRow(writer, ["1", "2", "3"]);
        Assert.Equal("a,,\"b,c\"\r\n1,2,3\r\n", writer.ToString());
    }
}
