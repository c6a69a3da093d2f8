using Attest.Model;
using Attest.Text;

namespace Attest.Tests.Text;

/// <summary>Cleaner cases on articles written for these tests (real places and institutions, fictional people).</summary>
public class NewsCleanerTests
{
    private static readonly NewsCleaner Cleaner = NewsCleaner.Default;

    // Single newlines between paragraphs, caption printed twice (once with the credit inline), credit line,
    // author note and a trailing "For more stories" line.
    private const string SingleNewlineArticle =
        "Hungary summons Austrian envoy over border fence remarks\n" +
        "\n" +
        "Budapest says the comments interfere in its internal affairs.\n" +
        "\n" +
        "Police officers patrol the fence near the village of Roszke, Hungary, March 3, 2021 (photo credit: PETRA HALMOS / REUTERS)\n" +
        "Police officers patrol the fence near the village of Roszke, Hungary, March 3, 2021\n" +
        "(photo credit: PETRA HALMOS / REUTERS)\n" +
        "BUDAPEST \u2014 Hungary's Foreign Ministry summoned Austria's ambassador on Monday after a senior Austrian official called the border fence \"a monument to fear.\"\n" +
        "\"We will not accept lectures from our neighbours,\" ministry spokesman Gabor Vadas said. He said the remarks were \"deeply regrettable.\"\n" +
        "The Austrian embassy in Budapest did not respond to a request for comment.\n" +
        "(Lena Moritz is a student intern in the Central Europe Press Program)\n" +
        "For more stories, go to";

    [Fact]
    public void Plain_article_with_single_newlines()
    {
        var r = Cleaner.Clean(new SourceDocument(SingleNewlineArticle, "hungary.txt"));
        Assert.Equal("Hungary summons Austrian envoy over border fence remarks", r.Title);
        AssertRemoved(r, RemovedKind.Title, "Hungary summons Austrian envoy");
        AssertRemoved(r, RemovedKind.Subtitle, "Budapest says the comments");
        AssertRemoved(r, RemovedKind.Caption, "Police officers patrol the fence");
        AssertRemoved(r, RemovedKind.Credit, "PETRA HALMOS / REUTERS");
        AssertRemoved(r, RemovedKind.Byline, "Lena Moritz is a student intern");
        AssertRemoved(r, RemovedKind.Boilerplate, "For more stories, go to");
        Assert.DoesNotContain("photo credit", r.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("patrol the fence", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("student intern", r.Text, StringComparison.Ordinal);
        Assert.StartsWith("BUDAPEST \u2014 Hungary's Foreign Ministry", r.Text, StringComparison.Ordinal);
        Assert.EndsWith("request for comment.", r.Text, StringComparison.Ordinal);
        Assert.Equal(3, r.Text.Split("\n\n").Length);
        Assert.Empty(r.Warnings);
    }

    // Blank lines between paragraphs, a caption printed twice as separate paragraphs and a credit paragraph,
    // a newsletter line, a "Read more:" link, share/subscribe lines, and a body paragraph that mentions
    // "read more" in the middle of a sentence (it must stay).
    private const string BlankLineArticle =
        "Lithuania closes two border crossings with Belarus\n\n" +
        "Vilnius cites a rise in smuggling attempts\n\n" +
        "A border guard checks a truck at the Medininkai crossing, Lithuania, August 2, 2023.\n\n" +
        "A border guard checks a truck at the Medininkai crossing, Lithuania, August 2, 2023.\n\n" +
        "Photo: AP\n\n" +
        "VILNIUS (Reuters) - Lithuania will close two of its six border crossings with Belarus from Friday, the interior ministry said on Wednesday.\n\n" +
        "Interior Minister Rasa Dambrauskiene told reporters that guards had stopped more than 1,200 smuggling attempts this year. Officials urged drivers to read more carefully the new customs rules before travelling.\n\n" +
        "Belarus called the decision \"an unfriendly step.\"\n\n" +
        "Reporting by Tomas Jankus; Editing by Ruth Miles\n\n" +
        "Read more: Baltic states tighten checks on eastern frontier\n\n" +
        "Share this article\n\n" +
        "Subscribe to our newsletter for daily updates\n\n" +
        "Copyright 2023 Example News Agency. All rights reserved.";

    [Fact]
    public void Plain_article_with_blank_lines()
    {
        var r = Cleaner.Clean(new SourceDocument(BlankLineArticle, null, InputFormat.PlainText));
        Assert.Equal("Lithuania closes two border crossings with Belarus", r.Title);
        AssertRemoved(r, RemovedKind.Subtitle, "Vilnius cites a rise");
        AssertRemoved(r, RemovedKind.Caption, "A border guard checks a truck");
        Assert.Equal(2, r.Removed.Count(x => x.Kind == RemovedKind.Caption));
        AssertRemoved(r, RemovedKind.Credit, "Photo: AP");
        AssertRemoved(r, RemovedKind.Byline, "Reporting by Tomas Jankus");
        AssertRemoved(r, RemovedKind.Boilerplate, "Read more: Baltic states");
        AssertRemoved(r, RemovedKind.Boilerplate, "Share this article");
        AssertRemoved(r, RemovedKind.Boilerplate, "Subscribe to our newsletter");
        AssertRemoved(r, RemovedKind.Boilerplate, "All rights reserved");
        Assert.Contains("urged drivers to read more carefully", r.Text, StringComparison.Ordinal);
        Assert.StartsWith("VILNIUS (Reuters) - Lithuania will close", r.Text, StringComparison.Ordinal);
        Assert.EndsWith("\"an unfriendly step.\"", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Medininkai", r.Text, StringComparison.Ordinal);
        Assert.Equal(3, r.Text.Split("\n\n").Length);
    }

    [Theory]
    [InlineData("By Maria Lopes", RemovedKind.Byline)]
    [InlineData("Additional reporting by Jan Novak in Prague", RemovedKind.Byline)]
    [InlineData("Pavel Drozd in Minsk contributed to this report.", RemovedKind.Byline)]
    [InlineData("(Reporting by Anna Berg; Editing by Tom Hale)", RemovedKind.Byline)]
    [InlineData("Click here to download the full report", RemovedKind.Boilerplate)]
    [InlineData("Sign up for our morning briefing", RemovedKind.Boilerplate)]
    [InlineData("Follow us on Twitter and Facebook", RemovedKind.Boilerplate)]
    [InlineData("\u00a9 2024 Example Media Group", RemovedKind.Boilerplate)]
    [InlineData("Credit: Ministry of Defence handout", RemovedKind.Credit)]
    [InlineData("REUTERS/Ivan Petrov", RemovedKind.Credit)]
    public void Removes_noise_paragraph(string noise, string kind)
    {
        var text = "Chile and Peru agree to reopen border talks\n\n" +
            "SANTIAGO \u2014 Chile and Peru agreed on Tuesday to reopen talks on their maritime border, the two foreign ministries said.\n\n" +
            "The talks will begin in Lima next month.\n\n" + noise;
        var r = Cleaner.Clean(new SourceDocument(text, null));
        AssertRemoved(r, kind, noise);
        Assert.DoesNotContain(noise, r.Text, StringComparison.Ordinal);
        Assert.Equal(2, r.Text.Split("\n\n").Length);
    }

    [Theory]
    [InlineData("Officials said they would read more of the documents before deciding.")]
    [InlineData("Subscribers to the state broadcaster rose by 4 percent, the regulator said.")]
    [InlineData("Copyright law in the European Union was reformed in 2019, the commission noted.")]
    [InlineData("By the end of the week, the talks had collapsed.")]
    [InlineData("The minister said she would follow up on the proposal with Brussels.")]
    [InlineData("WARSAW \u2014 Poland ordered three diplomats to leave.")]
    public void Keeps_body_paragraph(string body)
    {
        var text = "Talks collapse in Geneva\n\nGENEVA \u2014 Talks between the two sides collapsed on Friday, the mediator said.\n\n" + body + "\n\nThe next round is not yet scheduled.";
        var r = Cleaner.Clean(new SourceDocument(text, null));
        Assert.Contains(body, r.Text, StringComparison.Ordinal);
        Assert.Single(r.Removed);
    }

    [Fact]
    public void Exact_repeated_body_paragraph_is_a_duplicate()
    {
        const string repeated = "The European Commission said it had not received a formal request from Rome, and that the talks would continue next week in Brussels as planned.";
        var text = "Italy seeks more time on budget\n\nROME \u2014 Italy asked the European Commission for more time to revise its budget plan, officials said on Monday.\n\n" +
            repeated + "\n\n" + repeated + "\n\nItaly's economy ministry declined to comment.";
        var r = Cleaner.Clean(new SourceDocument(text, null));
        AssertRemoved(r, RemovedKind.Duplicate, "had not received a formal request");
        Assert.Single(r.Removed, x => x.Kind == RemovedKind.Duplicate);
        Assert.Contains(repeated, r.Text, StringComparison.Ordinal);
        Assert.Equal(3, r.Text.Split("\n\n").Length);
    }

    [Fact]
    public void Lead_sentence_with_period_is_not_a_subtitle()
    {
        var text = "Kenya raises fuel prices\n\nKenya raised fuel prices by 8 percent on Tuesday.\n\nThe energy regulator said the increase reflected global prices.";
        var r = Cleaner.Clean(new SourceDocument(text, null));
        Assert.StartsWith("Kenya raised fuel prices", r.Text, StringComparison.Ordinal);
        Assert.Single(r.Removed);
    }

    [Theory]
    [InlineData("Published: March 3, 2021 10:42 GMT", "2021-03-03")]
    [InlineData("Updated 14 January 2019", "2019-01-14")]
    [InlineData("Monday, Jan. 14, 2019", "2019-01-14")]
    [InlineData("2019-01-14T08:00Z", "2019-01-14")]
    public void Date_line_is_removed_and_dates_the_document(string line, string iso)
    {
        var text = "Serbia and Kosovo resume talks\n\n" + line + "\n\nBRUSSELS \u2014 Serbia and Kosovo resumed EU-mediated talks on Monday, officials said.\n\nThe next meeting is set for March.";
        var r = Cleaner.Clean(new SourceDocument(text, null));
        AssertRemoved(r, RemovedKind.Boilerplate, line);
        Assert.Equal(iso, r.PublishedDate);
        Assert.StartsWith("BRUSSELS", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Labelled_image_caption_and_source()
    {
        var text = "Floods hit northern Italy\n\nImage source, Getty Images\n\nImage caption, Rescue workers wade through a flooded street in Faenza\n\n" +
            "ROME \u2014 Floods in the Emilia-Romagna region forced thousands of people from their homes, officials said on Wednesday.\n\nFollow Marco Bellini on Twitter for updates.";
        var r = Cleaner.Clean(new SourceDocument(text, null));
        AssertRemoved(r, RemovedKind.Credit, "Getty Images");
        AssertRemoved(r, RemovedKind.Caption, "Rescue workers wade");
        AssertRemoved(r, RemovedKind.Boilerplate, "Follow Marco Bellini on Twitter");
        Assert.StartsWith("ROME", r.Text, StringComparison.Ordinal);
        Assert.Single(r.Text.Split("\n\n"));
    }

    [Fact]
    public void Warns_when_nothing_is_left()
    {
        var r = Cleaner.Clean(new SourceDocument("Only a headline\n\nRead more: another story", null));
        Assert.Equal(string.Empty, r.Text);
        Assert.Contains(r.Warnings, w => w.Contains("no body text", StringComparison.Ordinal));
        Assert.Equal(2, r.Removed.Length);
    }

    [Fact]
    public void Hard_wrapped_lines_are_joined()
    {
        var text = "Ghana and Togo sign energy pact\n\n" +
            "ACCRA \u2014 Ghana and Togo signed an agreement on Thursday to link their power\n" +
            "grids by 2027, the two governments said in a joint statement released after\n" +
            "talks between their energy ministers in the Ghanaian capital.\n\n" +
            "The project is financed by the African Development Bank.";
        var r = Cleaner.Clean(new SourceDocument(text, null));
        var paragraphs = r.Text.Split("\n\n");
        Assert.Equal(2, paragraphs.Length);
        Assert.Contains("link their power grids by 2027", paragraphs[0], StringComparison.Ordinal);
    }

    private const string HtmlArticle = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <title>Norway expels Russian diplomat | Example News</title>
          <meta property="og:title" content="Norway expels Russian diplomat over intelligence activity">
          <meta property="article:published_time" content="2023-04-13T09:30:00Z">
        </head>
        <body>
          <nav><a href="/">Home</a> <a href="/world">World</a></nav>
          <article>
            <h1>Norway expels Russian diplomat over intelligence activity</h1>
            <figure>
              <img src="embassy.jpg" alt="">
              <figcaption>The Russian embassy in Oslo, Norway, April 12, 2023. <span class="credit">Photo: Erik Lunde / NTB</span></figcaption>
            </figure>
            <p>OSLO &mdash; Norway on Thursday ordered a Russian diplomat to leave the country, saying he had carried out intelligence work under diplomatic cover, the foreign ministry said in a statement.</p>
            <p>"The activities are incompatible with his status as a diplomat," Foreign Minister Karin Solberg told reporters in Oslo. The diplomat must leave within two weeks, the ministry added.</p>
            <p>The Russian embassy said the decision was "groundless" and that Moscow would respond in kind, according to a statement posted on its website on Thursday evening.</p>
            <p>Norway and Russia share a border in the Arctic and have cooperated on fisheries and search-and-rescue missions for decades, though relations have cooled sharply since 2022.</p>
            <p>Read more: Nordic states review embassy security</p>
            <p>Share this article</p>
          </article>
          <footer>Copyright 2023 Example News</footer>
        </body>
        </html>
        """;

    [Fact]
    public void Html_article_is_read_with_SmartReader()
    {
        var r = Cleaner.Clean(new SourceDocument(HtmlArticle, "https://news.example.com/world/norway-expels"));
        Assert.NotNull(r.Title);
        Assert.Contains("Norway expels Russian diplomat", r.Title, StringComparison.Ordinal);
        AssertRemoved(r, RemovedKind.Title, "Norway expels Russian diplomat");
        AssertRemoved(r, RemovedKind.Caption, "The Russian embassy in Oslo");
        AssertRemoved(r, RemovedKind.Credit, "Erik Lunde / NTB");
        AssertRemoved(r, RemovedKind.Boilerplate, "Read more: Nordic states");
        Assert.StartsWith("OSLO \u2014 Norway on Thursday ordered", r.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n\"The activities are incompatible", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("embassy in Oslo", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this", r.Text, StringComparison.Ordinal);
        Assert.Equal("2023-04-13", r.PublishedDate);
    }

    [Fact]
    public void Auto_detects_html_only_from_leading_markup()
    {
        Assert.True(NewsCleaner.LooksLikeHtml("  <!DOCTYPE html><html></html>"));
        Assert.True(NewsCleaner.LooksLikeHtml("<html><body><p>x</p></body></html>"));
        Assert.False(NewsCleaner.LooksLikeHtml("Headline\n\n<b>not markup</b> in text"));
        Assert.False(NewsCleaner.LooksLikeHtml("< 5 percent"));
    }

    [SkippableFact]
    public void Example_and_dev_articles_lose_what_gold_lists()
    {
        var dir = SharedData.Require("dev-set");
        var files = Directory.GetFiles(dir, "*.txt").Append(SharedData.Require("examples/iran-backchannel.txt"));
        foreach (var file in files)
        {
            var gold = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(file, ".gold.json"))).RootElement;
            var r = Cleaner.Clean(new SourceDocument(File.ReadAllText(file), file));
            Assert.Equal(gold.GetProperty("title").GetString(), r.Title);
            if (gold.TryGetProperty("removed", out var removed))
                foreach (var e in removed.EnumerateArray())
                {
                    var kind = e.GetProperty("kind").GetString()!;
                    var contains = e.GetProperty("contains").GetString()!;
                    Assert.True(r.Removed.Any(x => x.Kind == kind && x.Text.Contains(contains, StringComparison.Ordinal)),
                        $"{Path.GetFileName(file)}: no removed {kind} containing '{contains}'");
                }
            if (gold.TryGetProperty("body_must_not_contain", out var banned))
                foreach (var b in banned.EnumerateArray())
                    Assert.DoesNotContain(b.GetString()!, r.Text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(r.Text));
            NewsTokenizerTests.AssertWellFormed(NewsTokenizer.Default.Tokenize(r.Text));
        }
    }

    private static void AssertRemoved(CleanedDocument r, string kind, string contains) =>
        Assert.True(r.Removed.Any(x => x.Kind == kind && x.Text.Contains(contains, StringComparison.Ordinal)),
            $"expected a removed {kind} containing '{contains}'; got: " + string.Join(" | ", r.Removed.Select(x => $"{x.Kind}: {x.Text}")));
}
