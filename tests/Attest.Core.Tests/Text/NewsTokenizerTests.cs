using Attest.Text;

namespace Attest.Tests.Text;

public class NewsTokenizerTests
{
    private static readonly NewsTokenizer Tokenizer = NewsTokenizer.Default;

    private static string Tokens(string text)
    {
        var t = Tokenizer.Tokenize(text);
        var parts = new string[t.TokenCount];
        for (int i = 0; i < parts.Length; i++) parts[i] = t.TokenText(i);
        return string.Join(" ", parts);
    }

    private static string[] Sentences(string text)
    {
        var t = Tokenizer.Tokenize(text);
        var result = new string[t.SentenceCount];
        for (int i = 0; i < result.Length; i++) result[i] = text[t.Sentences[i].Start..t.Sentences[i].End];
        return result;
    }

    [Theory]
    // clitics
    [InlineData("I don't know.", "I do n't know .")]
    [InlineData("Tehran's reply", "Tehran 's reply")]
    [InlineData("the U.S.' withdrawal", "the U.S. ' withdrawal")]
    [InlineData("I'm here", "I 'm here")]
    [InlineData("They cannot go", "They can not go")]
    [InlineData("we're gonna win", "we 're gon na win")]
    [InlineData("She'll say we've won and they'd agree", "She 'll say we 've won and they 'd agree")]
    [InlineData("It can't and won't", "It ca n't and wo n't")]
    [InlineData("DON'T STOP", "DO N'T STOP")]
    [InlineData("the ministers' statement", "the ministers ' statement")]
    [InlineData("O'Connell met Shi'ite leaders", "O'Connell met Shi'ite leaders")]
    // curly quotes and apostrophes
    [InlineData("Germany\u2019s envoy", "Germany \u2019s envoy")]
    [InlineData("he didn\u2019t", "he did n\u2019t")]
    [InlineData("\u201cNo deal,\u201d she said.", "\u201c No deal , \u201d she said .")]
    [InlineData("\u2018quoted\u2019 words", "\u2018 quoted \u2019 words")]
    [InlineData("\"Yes,\" he said.", "\" Yes , \" he said .")]
    // dashes and ellipses
    [InlineData("missiles\u2014some of them\u2014were", "missiles \u2014 some of them \u2014 were")]
    [InlineData("WARSAW \u2013 Poland", "WARSAW \u2013 Poland")]
    [InlineData("the Ministry...asked", "the Ministry ... asked")]
    [InlineData("the Ministry\u2026asked", "the Ministry \u2026 asked")]
    [InlineData("wait -- really", "wait -- really")]
    [InlineData("Why?! Now!!!", "Why ?! Now !!!")]
    // abbreviations and initials
    [InlineData("Dr. Novak and Mr. Kowal", "Dr. Novak and Mr. Kowal")]
    [InlineData("on Jan. 15 in the U.S. capital", "on Jan. 15 in the U.S. capital")]
    [InlineData("Acme Inc. and Orbis Corp. agreed", "Acme Inc. and Orbis Corp. agreed")]
    [InlineData("tariffs, e.g. on steel, i.e. metals", "tariffs , e.g. on steel , i.e. metals")]
    [InlineData("J. R. Hollis spoke", "J. R. Hollis spoke")]
    [InlineData("at 5 p.m. local time", "at 5 p.m. local time")]
    [InlineData("Resolution No. 5", "Resolution No. 5")]
    [InlineData("She said no.", "She said no .")]
    // URLs, e-mail, numbers
    [InlineData("see https://www.example.org/report?id=7.", "see https://www.example.org/report?id=7 .")]
    [InlineData("(www.example.com)", "( www.example.com )")]
    [InlineData("write to press.office@example.gov.pl today", "write to press.office@example.gov.pl today")]
    [InlineData("some 12,700 troops", "some 12,700 troops")]
    [InlineData("up 3.5 percent", "up 3.5 percent")]
    [InlineData("paid $20,000 cash", "paid $ 20,000 cash")]
    [InlineData("a 20,000-euro fine", "a 20,000 - euro fine")]
    [InlineData("rose 35.9%", "rose 35.9 %")]
    [InlineData("at 5:30 on 9/11", "at 5:30 on 9/11")]
    [InlineData("call 713-853-3989 now", "call 713-853-3989 now")]
    [InlineData("in the 1990s and '72", "in the 1990s and '72")]
    // hyphens (EWT: compounds split, bound prefixes kept)
    [InlineData("medium-range missiles", "medium - range missiles")]
    [InlineData("non-violent anti-government e-mail", "non-violent anti-government e-mail")]
    [InlineData("U.N.-sponsored talks", "U.N. - sponsored talks")]
    [InlineData("al-Zubaidi said", "al - Zubaidi said")]
    // brackets and other punctuation
    [InlineData("Kabul, [Afghanistan in December] the", "Kabul , [ Afghanistan in December ] the")]
    [InlineData("(Reuters) - The", "( Reuters ) - The")]
    [InlineData("said: \"We won\"", "said : \" We won \"")]
    [InlineData("and/or", "and / or")]
    [InlineData("great :-) really", "great :-) really")]
    [InlineData("AT&T and Procter & Gamble", "AT&T and Procter & Gamble")]
    [InlineData("  spaced\t\tout  ", "spaced out")]
    // units, decades, omissions, odd apostrophes, sentence-final abbreviations (EWT)
    [InlineData("at 6:00am a $5m deal worth 3.5bn", "at 6:00 am a $ 5 m deal worth 3.5 bn")]
    [InlineData("the 5th time since the 1990s and 80's", "the 5th time since the 1990s and 80's")]
    [InlineData("\"We will [...] respond\"", "\" We will [...] respond \"")]
    [InlineData("they don`t know", "they do n`t know")]
    [InlineData("Acme Inc.. Then", "Acme Inc. . Then")]
    [InlineData("steel, coal, etc.\n\nNext", "steel , coal , etc . Next")]
    [InlineData("on 01-Feb-02 call 3-5213", "on 01-Feb-02 call 3-5213")]
    [InlineData("inter\u00ADnational", "inter\u00ADnational")]
    [InlineData("", "")]
    public void Tokenizes_like_EWT(string text, string expected) => Assert.Equal(expected, Tokens(text));

    [Theory]
    [InlineData("Poland expelled three diplomats. Moscow vowed to respond.", new[] { "Poland expelled three diplomats.", "Moscow vowed to respond." })]
    [InlineData("\"We will not accept this,\" the official said.", new[] { "\"We will not accept this,\" the official said." })]
    [InlineData("\u201cWe won!\u201d he said.", new[] { "\u201cWe won!\u201d he said." })]
    [InlineData("He said: \"We won.\" Then he left.", new[] { "He said: \"We won.\"", "Then he left." })]
    [InlineData("Dr. Novak met Mr. Kowal in Warsaw.", new[] { "Dr. Novak met Mr. Kowal in Warsaw." })]
    [InlineData("It was signed on Jan. 15 in Brussels.", new[] { "It was signed on Jan. 15 in Brussels." })]
    [InlineData("Sanctions were renewed by the U.S. The E.U. followed.", new[] { "Sanctions were renewed by the U.S.", "The E.U. followed." })]
    [InlineData("U.S. officials denied it. They declined to comment.", new[] { "U.S. officials denied it.", "They declined to comment." })]
    [InlineData("The talks ended.\n\nA new round begins", new[] { "The talks ended.", "A new round begins" })]
    [InlineData("A headline without a period\n\nThe body starts here.", new[] { "A headline without a period", "The body starts here." })]
    [InlineData("Resolution No. 5 passed. Nobody objected.", new[] { "Resolution No. 5 passed.", "Nobody objected." })]
    [InlineData("Why? Nobody knows! Really?!", new[] { "Why?", "Nobody knows!", "Really?!" })]
    [InlineData("They waited... and waited... Then it came.", new[] { "They waited... and waited...", "Then it came." })]
    [InlineData("The Americans\u2026asked to hold talks.", new[] { "The Americans\u2026asked to hold talks." })]
    [InlineData("(The deal was signed.) Officials cheered.", new[] { "(The deal was signed.)", "Officials cheered." })]
    [InlineData("J. R. Hollis resigned. His deputy took over.", new[] { "J. R. Hollis resigned.", "His deputy took over." })]
    [InlineData("The line breaks\nbut the sentence goes on.", new[] { "The line breaks\nbut the sentence goes on." })]
    [InlineData("Acme Inc. said profits rose. Shares fell 3.5 percent.", new[] { "Acme Inc. said profits rose.", "Shares fell 3.5 percent." })]
    [InlineData("It happened at 5 p.m. on Monday.", new[] { "It happened at 5 p.m. on Monday." })]
    [InlineData("\u201cThe test has verified the system.\n\n\u201cOur defence is for self-defence alone.\u201d", new[] { "\u201cThe test has verified the system.", "\u201cOur defence is for self-defence alone.\u201d" })]
    public void Splits_sentences(string text, string[] expected) => Assert.Equal(expected, Sentences(text));

    [Fact]
    public void Sets_flags()
    {
        var t = Tokenizer.Tokenize("He said \"no.\"\n\nThen left.");
        Assert.True(t[0].Flags.HasFlag(TokenFlags.ParagraphStart));
        Assert.True(t[0].Flags.HasFlag(TokenFlags.SpaceAfter));
        Assert.False(t[1].Flags.HasFlag(TokenFlags.ParagraphStart));
        Assert.True(t[2].Flags.HasFlag(TokenFlags.Quote));
        Assert.False(t[2].Flags.HasFlag(TokenFlags.SpaceAfter));
        Assert.True(t[5].Flags.HasFlag(TokenFlags.Quote));
        Assert.Equal("Then", t.TokenText(6));
        Assert.True(t[6].Flags.HasFlag(TokenFlags.ParagraphStart));
        Assert.False(t[t.TokenCount - 1].Flags.HasFlag(TokenFlags.SpaceAfter));
        Assert.Equal(2, t.SentenceCount);
    }

    [Fact]
    public void Keeps_surrogate_pairs_whole()
    {
        var t = Tokenizer.Tokenize("good \U0001F600 news");
        Assert.Equal("good \U0001F600 news", Tokens("good \U0001F600 news"));
        Assert.Equal(3, t.TokenCount);
    }

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    /// <summary>Every token and sentence lies inside the text, in order, without overlap; sentences cover tokens exactly.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Offsets_are_ordered_and_cover_tokens(int seed)
    {
        const string pool = "abcXYZ019 .,;:!?'\"\u2019\u201c\u201d-\u2014\u2026()[]$%&@/#\n\n  \t\u00a0U.S. Dr. can't www.x.org a@b.com \U0001F600";
        var rng = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var chars = new char[rng.Next(0, 120)];
            for (int i = 0; i < chars.Length; i++) chars[i] = pool[rng.Next(pool.Length)];
            var text = new string(chars);
            AssertWellFormed(Tokenizer.Tokenize(text));
        }
    }

    [Fact]
    public void Offsets_are_well_formed_on_an_article()
    {
        const string article = "BRUSSELS \u2014 The European Union imposed duties of up to 35.9 percent on Thursday.\n\n" +
            "\u201cThey know where it hurts,\u201d the official said. \"Both sides need each other.\"\n\n(Reporting by Ana Ruiz)";
        AssertWellFormed(Tokenizer.Tokenize(article));
    }

    internal static void AssertWellFormed(TokenizedText t)
    {
        int previousEnd = 0;
        for (int i = 0; i < t.TokenCount; i++)
        {
            var tok = t[i];
            Assert.True(tok.Start >= previousEnd, $"token {i} starts before the previous one ends");
            Assert.True(tok.End > tok.Start, $"token {i} is empty");
            Assert.True(tok.End <= t.Text.Length, $"token {i} runs past the text");
            Assert.False(t.TokenSpan(i).ContainsAny(" \n\t"), $"token {i} holds whitespace");
            previousEnd = tok.End;
        }
        int next = 0;
        foreach (var s in t.Sentences)
        {
            Assert.Equal(next, s.FirstToken);
            Assert.True(s.TokenCount > 0);
            Assert.Equal(t[s.FirstToken].Start, s.Start);
            Assert.Equal(t[s.EndToken - 1].End, s.End);
            next = s.EndToken;
        }
        Assert.Equal(t.TokenCount, next);
    }
}
