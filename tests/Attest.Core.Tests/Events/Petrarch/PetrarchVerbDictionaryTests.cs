using Attest.Events.Petrarch;

namespace Attest.Tests.Events.Petrarch;

public class PetrarchVerbDictionaryTests
{
    // hand-written snippet in the PETRARCH verb-dictionary syntax
    private const string Verbs = """
        <!-- a test verb file -->
        &MONEY
        +DOLLARS
        +SWISS FRANCS
        +&METALS

        &METALS
        +GOLD_BARS

        --- PLEDGE  [050]  ---
        PLEDGE    # a comment
        - * &MONEY [071]  # aid pledge
        - * AID_TO + [073]
        - + WAS * BY $ [051]
        - NOT_* [---]

        --- SHUT  [---] ---
        SHUT {SHUTS SHUTTING}
        +SHUT_DOWN {+SHUTS_DOWN +SHUTTING_DOWN}
        WALL_+OFF [192]
        - * BORDER [192]
        - * DIPLXMATIC [###]
        """;

    private static PetrarchVerbDictionary Load() => PetrarchVerbDictionary.Read(new StringReader(Verbs), "test.verbs");

    [Fact]
    public void Reads_synsets_with_nested_references()
    {
        var d = Load();
        Assert.Equal(3, d.Synsets["MONEY"].Length);
        Assert.Contains(d.Synsets["MONEY"], m => m.SequenceEqual(["SWISS", "FRANCS"]));
        Assert.Contains(d.Synsets["MONEY"], m => m.SequenceEqual(["&METALS"]));
        Assert.Contains(d.Synsets["METALS"], m => m.SequenceEqual(["GOLD", "BARS"]));
    }

    [Fact]
    public void Generates_regular_forms_and_reads_irregular_ones()
    {
        var d = Load();
        foreach (var form in new[] { "PLEDGE", "PLEDGES", "PLEDGED", "PLEDGING" })
            Assert.Contains(d.FormsOf(form).ToArray(), f => f.Block.Name == "PLEDGE" && f.Code == "050");
        Assert.Contains(d.FormsOf("SHUTTING").ToArray(), f => f.Words.Count == 1);
        Assert.True(d.FormsOf("PLEDGEX").IsEmpty);
    }

    [Fact]
    public void Compound_verbs_mark_the_verb_word()
    {
        var d = Load();
        var shutDown = d.FormsOf("SHUTS").ToArray().First(f => f.Words.Count == 2);
        Assert.Equal(["SHUTS", "DOWN"], shutDown.Words);
        Assert.Equal(0, shutDown.VerbIndex);
        Assert.Null(shutDown.Code); // the block is [---]: only its patterns code
        var wallOff = d.FormsOf("OFF").ToArray().Single();
        Assert.Equal(["WALL", "OFF"], wallOff.Words);
        Assert.Equal(1, wallOff.VerbIndex);
        Assert.Equal("192", wallOff.Code);
    }

    [Fact]
    public void Patterns_keep_markers_joins_and_codes_longest_first()
    {
        var block = Load().FormsOf("PLEDGE")[0].Block;
        Assert.Equal(4, block.Patterns.Count);
        var passive = block.Patterns[0];
        Assert.Equal("051", passive.Code);
        Assert.Equal([PatternElementKind.Target, PatternElementKind.Word], passive.Lower.Select(e => e.Kind));
        Assert.Equal([PatternElementKind.Word, PatternElementKind.Source], passive.Upper.Select(e => e.Kind));
        var aid = block.Patterns.Single(p => p.Code == "073");
        Assert.Equal(PatternJoin.Gap, aid.Upper[0].Join);
        Assert.Equal(PatternJoin.Adjacent, aid.Upper[1].Join); // AID_TO
        var not = block.Patterns.Single(p => p.Code == "---");
        Assert.Equal(PatternJoin.Adjacent, not.Lower[0].Join); // NOT_*
        var money = block.Patterns.Single(p => p.Code == "071");
        Assert.Equal(PatternElementKind.Synset, money.Upper[0].Kind);
        Assert.Equal("MONEY", money.Upper[0].Text);
    }

    [Fact]
    public void A_hash_inside_a_code_is_not_a_comment()
    {
        var shut = Load().FormsOf("SHUT").ToArray().First(f => f.Words.Count == 1).Block;
        Assert.Contains(shut.Patterns, p => p.Code == "###");
    }

    [Theory]
    [InlineData("--- GIVE ---\nGIVE\n", "test.verbs:1:")]
    [InlineData("--- GIVE [070] ---\nGIVE\n- * AID\n", "test.verbs:3:")]
    [InlineData("--- GIVE [070] ---\nGIVE\n- AID [071]\n", "test.verbs:3:")]
    [InlineData("- * AID [071]\n", "test.verbs:1:")]
    [InlineData("&SET\nNOPLUS\n", "test.verbs:2:")]
    public void Errors_name_file_and_line(string text, string prefix)
    {
        var e = Assert.Throws<FormatException>(() => PetrarchVerbDictionary.Read(new StringReader(text), "test.verbs"));
        Assert.StartsWith(prefix, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_synsets_are_warned_about_and_never_match()
    {
        var d = PetrarchVerbDictionary.Read(new StringReader("--- GIVE [070] ---\nGIVE\n- * &NOWHERE [071]\n"), "test.verbs");
        Assert.Equal(["test.verbs:3: unknown synset &NOWHERE"], d.Warnings);
    }

    [Theory]
    [InlineData("BAN", new[] { "BAN", "BANS", "BANNED", "BANNING" })]
    [InlineData("CARRY", new[] { "CARRIES", "CARRIED", "CARRYING" })]
    [InlineData("PLEDGE", new[] { "PLEDGES", "PLEDGED", "PLEDGING" })]
    [InlineData("REACH", new[] { "REACHES", "REACHED", "REACHING" })]
    public void Inflects_regular_verbs(string verb, string[] expected)
    {
        var forms = PetrarchVerbDictionary.Inflections(verb).ToList();
        foreach (var e in expected) Assert.Contains(e, forms);
    }

    [SkippableFact]
    public void Loads_the_reference_verb_dictionaries_when_present()
    {
        foreach (var name in new[] { "PETR.Validate.verbs.txt", "CAMEO.2.0.txt" })
        {
            var path = SharedData.Require("reference/petrarch2/" + name);
            var d = PetrarchVerbDictionary.Load(path);
            Assert.True(d.BlockCount > 100, $"{name}: {d.BlockCount} blocks");
            Assert.False(d.FormsOf("RESTORED").IsEmpty, name);
        }
    }
}
