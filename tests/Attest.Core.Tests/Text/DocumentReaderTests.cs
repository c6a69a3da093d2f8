using System.Text;
using Attest.Text;

namespace Attest.Tests.Text;

public sealed class DocumentReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("attest-reader-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Empty_file_is_refused_with_its_reason()
    {
        var item = DocumentReader.ReadFile(Write("empty.txt", []));
        Assert.True(item.Failed);
        Assert.Equal("empty file", item.Error);
    }

    [Fact]
    public void Whitespace_only_file_is_refused()
    {
        var item = DocumentReader.ReadFile(Write("blank.txt", Encoding.UTF8.GetBytes(" \n\n\t \n")));
        Assert.True(item.Failed);
        Assert.Contains("whitespace", item.Error);
    }

    [Fact]
    public void Binary_file_is_refused_naming_the_offset()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00 };
        var item = DocumentReader.ReadFile(Write("picture.txt", bytes));
        Assert.True(item.Failed);
        Assert.StartsWith("binary content", item.Error);
        Assert.Contains("byte", item.Error);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_reported_with_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("Headline\n\nThe minister said ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" yesterday.")).ToArray();
        var item = DocumentReader.ReadFile(Write("latin.txt", bytes));
        Assert.False(item.Failed);
        Assert.Contains('\uFFFD', item.Document!.Content);
        var warning = Assert.Single(item.Document.Warnings);
        Assert.Contains("invalid UTF-8 at byte 28", warning);
    }

    [Fact]
    public void Byte_order_mark_is_stripped()
    {
        var item = DocumentReader.FromBytes("bom.txt", [0xEF, 0xBB, 0xBF, (byte)'H', (byte)'i']);
        Assert.Equal("Hi", item.Document!.Content);
        Assert.Empty(item.Document.Warnings);
    }

    [Fact]
    public void Missing_path_is_reported()
    {
        var item = Assert.Single(DocumentReader.Enumerate([Path.Combine(dir, "nope.txt")], TextReader.Null));
        Assert.Equal("no such file or directory", item.Error);
    }

    [Fact]
    public void Directory_of_a_thousand_files_keeps_going_past_bad_ones()
    {
        for (int i = 0; i < 1000; i++)
        {
            var name = $"batch/{i:D4}.txt";
            if (i % 100 == 7) Write(name, []);
            else if (i % 100 == 13) Write(name, [0x00, 0x01, 0x02]);
            else Write(name, Encoding.UTF8.GetBytes($"Headline {i}\n\nParagraph {i} of the article."));
        }
        Write("batch/notes.json", Encoding.UTF8.GetBytes("{}"));
        var items = DocumentReader.Enumerate([Path.Combine(dir, "batch")], TextReader.Null).ToList();
        Assert.Equal(1000, items.Count);
        Assert.Equal(20, items.Count(i => i.Failed));
        Assert.Equal(items.Select(i => i.Name).Order(StringComparer.Ordinal), items.Select(i => i.Name));
    }

    [Fact]
    public void Standard_input_is_read_with_no_source()
    {
        var item = Assert.Single(DocumentReader.Enumerate(["-"], new StringReader("Headline\n\nBody.")));
        Assert.Null(item.Document!.Source);
        Assert.Equal("Headline\n\nBody.", item.Document.Content);
    }

    [Theory]
    [InlineData("a.html", InputFormat.Html)]
    [InlineData("a.HTM", InputFormat.Html)]
    [InlineData("a.txt", InputFormat.PlainText)]
    [InlineData("a", InputFormat.Auto)]
    public void Format_follows_the_extension(string name, InputFormat expected) => Assert.Equal(expected, DocumentReader.FormatOf(name));
}
