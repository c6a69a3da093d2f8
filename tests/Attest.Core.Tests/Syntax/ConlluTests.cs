using Attest.Text;
using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class ConlluTests
{
    private const string Sample = """
        # newdoc id = GUM_news_x
        # text = I don't know.
        1	I	I	PRON	PRP	_	3	nsubj	_	_
        2-3	don't	_	_	_	_	_	_	_	_
        2	do	do	AUX	VBP	_	4	aux	_	_
        3	n't	not	PART	RB	_	4	advmod	_	_
        4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
        5	.	.	PUNCT	.	_	4	punct	_	_

        # newdoc id = GUM_fiction_y
        1	Hi	hi	INTJ	UH	_	0	root	_	_

        """;

    [Fact]
    public void Reads_words_skipping_ranges_and_tracks_documents()
    {
        var s = ConlluReader.Read(new StringReader(Sample.Replace("\r", ""))).ToList();
        Assert.Equal(2, s.Count);
        Assert.Equal(5, s[0].Count);
        Assert.Equal("n't", s[0].Words[2].Form);
        Assert.Equal(0, s[0].Words[3].Head);
        Assert.False(s[0].Words[3].SpaceAfter);
        Assert.Single(s[0].Multiwords);
        Assert.Equal("I don't know.", s[0].Text);
        Assert.False(ConlluReader.IsExcludedGumGenre(s[0]));
        Assert.True(ConlluReader.IsExcludedGumGenre(s[1]));
    }

    [Fact]
    public void Writer_round_trips()
    {
        var s = ConlluReader.Read(new StringReader(Sample.Replace("\r", ""))).ToList();
        var sw = new StringWriter();
        foreach (var x in s) ConlluWriter.Write(sw, x);
        var again = ConlluReader.Read(new StringReader(sw.ToString())).ToList();
        Assert.Equal(s[0].Words, again[0].Words);
        Assert.Equal(s[0].Multiwords, again[0].Multiwords);
    }

    [Fact]
    public void Raw_text_reconstruction_splits_multiword_surface()
    {
        var gold = TokenizerEvaluation.ReadGold(new StringReader(Sample.Replace("\r", "")));
        Assert.Equal("I don't know.", gold.Text); // the second sentence has no # text: its word is unaligned
        Assert.Equal(6, gold.WordTokens.Length);
        Assert.Equal(-1, gold.WordTokens[5]);
        Assert.Equal(1, gold.UnalignedWords);
        Assert.Equal("do", gold.Text[gold.Tokens[gold.WordTokens[1]].Start..gold.Tokens[gold.WordTokens[1]].End]);
        Assert.Equal("n't", gold.Text[gold.Tokens[gold.WordTokens[2]].Start..gold.Tokens[gold.WordTokens[2]].End]);
        Assert.Equal(5, gold.Tokens.Length);
        Assert.Single(gold.Sentences);
    }

    [Fact]
    public void Bad_line_names_source_and_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => ConlluReader.Read(new StringReader("1\tx\n"), "f.conllu").ToList());
        Assert.Contains("f.conllu:1", e.Message);
    }
}
