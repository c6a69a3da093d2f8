using Attest.Events;

namespace Attest.Tests.Events;

public class CameoCatalogTests
{
    [Theory]
    [InlineData("163", "Impose embargo, boycott, or sanctions", -8.0, 4, "COERCE")]
    [InlineData("042", "Make a visit", 1.9, 1, "CONSULT")]
    [InlineData("173", "Arrest, detain, or charge with legal action", -5.0, 4, "COERCE")]
    [InlineData("057", "Sign formal agreement", 8.0, 1, "SUPPORT")]
    [InlineData("127", "Reject accusation, deny responsibility", -5.0, 3, "REJECT")]
    [InlineData("15", "Exhibit force posture", -7.2, 4, "MOBILIZE")]
    public void Holds_codebook_facts(string code, string name, double goldstein, int quad, string plover)
    {
        Assert.True(CameoCatalog.Default.TryGet(code, out var c));
        Assert.Equal(name, c.Name.Trim());
        Assert.Equal(goldstein, c.Goldstein);
        Assert.Equal(quad, c.QuadClass);
        Assert.Equal(plover, c.PloverType);
    }

    [Fact]
    public void Covers_all_twenty_roots()
    {
        for (int root = 1; root <= 20; root++)
            Assert.True(CameoCatalog.Default.TryGet(root.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), out _));
        Assert.True(CameoCatalog.Default.Count >= 280);
    }

    [Fact]
    public void Unknown_leaf_falls_back_to_its_parent() => Assert.Equal("163", CameoCatalog.Default.Lookup("1639")!.Code);

    [Fact]
    public void Malformed_table_line_names_its_line()
    {
        var e = Assert.Throws<FormatException>(() => CameoCatalog.Parse("# header\n01\tStatement\tzero\t1\n", "t.tsv"));
        Assert.StartsWith("t.tsv:2:", e.Message);
    }

    [Fact]
    public void Verb_dictionary_covers_every_root_and_rejects_unknown_codes()
    {
        var roots = VerbDictionary.Default.Patterns.Select(p => p.Code[..2]).ToHashSet();
        for (int root = 1; root <= 20; root++)
            Assert.Contains(root.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), roots);
        var e = Assert.Throws<FormatException>(() => VerbDictionary.Parse("999\tv:frobnicate\n", "x.txt"));
        Assert.Contains("x.txt:1", e.Message);
    }
}
