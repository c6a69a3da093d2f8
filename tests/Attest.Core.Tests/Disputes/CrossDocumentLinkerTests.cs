using Attest.Disputes;
using Attest.Model;
using static Attest.Tests.CrossDocumentFixtures;

namespace Attest.Tests.Disputes;

public sealed class CrossDocumentLinkerTests
{
    private static CrossDocumentLinker Linker(AngleEncoder? encoder = null, CrossDocumentLinkOptions? options = null) =>
        new(encoder ?? Encoder(), options);

    private static LinkCandidate Single(CrossDocumentLinker linker, Analysis analysis) => Assert.Single(linker.Prepare(analysis));

    [Fact]
    public void Claim_and_its_denial_in_two_documents_are_linked_with_every_matched_field()
    {
        var linker = Linker();
        var link = linker.Match(Single(linker, IndianClaim()), Single(linker, PakistaniDenial()));

        Assert.NotNull(link);
        Assert.Equal(("claim", "s1", "denial", "s1"), (link.ClaimDocumentId, link.ClaimStatementId, link.DenialDocumentId, link.DenialStatementId));
        Assert.Equal(["PAK"], link.SharedActors.ToArray());
        Assert.Equal("denier", link.ActorMatch);
        Assert.Equal("assert/deny", link.StancePair);
        Assert.Equal(1, link.DateGapDays);
        Assert.Equal(Math.Round(Math.Cos(40 * Math.PI / 180), 4), link.Similarity, 3);
    }

    [Fact]
    public void Match_is_symmetric()
    {
        var linker = Linker();
        var a = Single(linker, IndianClaim());
        var b = Single(linker, PakistaniDenial());
        var ab = linker.Match(a, b);
        var ba = linker.Match(b, a);
        Assert.NotNull(ab);
        Assert.NotNull(ba);
        Assert.Equal(ab with { SharedActors = [] }, ba with { SharedActors = [] });
        Assert.Equal(ab.SharedActors.ToArray(), ba.SharedActors.ToArray());
    }

    [Fact]
    public void Two_claims_or_one_document_are_not_a_cross_document_dispute()
    {
        var linker = Linker();
        var claim = Single(linker, IndianClaim());
        Assert.Null(linker.Match(claim, Single(linker, IndianClaim(id: "other"))));
        Assert.Null(linker.Match(claim, Single(linker, PakistaniDenial(id: "claim"))));
    }

    [Theory]
    [InlineData("2023-05-26", 14, true)]   // 14 days after the claim
    [InlineData("2023-05-27", 14, false)]  // 15 days
    [InlineData("2023-06", 14, false)]     // June begins 20 days after May 12th
    [InlineData("2023-06", 20, true)]
    [InlineData("2021", 14, false)]
    public void Documents_must_be_dated_within_the_window(string denialDate, int window, bool linked)
    {
        var linker = Linker(options: new CrossDocumentLinkOptions { DateWindowDays = window });
        var link = linker.Match(Single(linker, IndianClaim()), Single(linker, PakistaniDenial(date: denialDate)));
        Assert.Equal(linked, link is not null);
    }

    [Fact]
    public void Undated_documents_link_with_the_date_unknown_unless_the_options_forbid_it()
    {
        var undated = PakistaniDenial(date: null);
        var linker = Linker();
        var link = linker.Match(Single(linker, IndianClaim()), Single(linker, undated));
        Assert.NotNull(link);
        Assert.Null(link.DateGapDays);

        var strict = Linker(options: new CrossDocumentLinkOptions { LinkUndated = false });
        Assert.Null(strict.Match(Single(strict, IndianClaim()), Single(strict, undated)));
    }

    [Fact]
    public void A_third_party_denial_is_not_an_answer_to_the_claim()
    {
        // China denies the same words, but the Indian claim names only Pakistan
        var chinese = Document("cn", "2023-05-13",
            new FixtureStatement(Stance.Deny, "China's Foreign Ministry", "CHNGOV", "CHN", ShellingDenial, ("Pakistani soldiers", "PAKMIL", "PAK")));
        var linker = Linker();
        Assert.Null(linker.Match(Single(linker, IndianClaim()), Single(linker, chinese)));
    }

    [Fact]
    public void An_actor_does_not_dispute_itself()
    {
        var own = Document("own", "2023-05-13",
            new FixtureStatement(Stance.Deny, "the Indian Army", "INDMIL", "IND", ShellingDenial, ("Pakistani soldiers", "PAKMIL", "PAK")));
        var linker = Linker();
        Assert.Null(linker.Match(Single(linker, IndianClaim()), Single(linker, own)));
    }

    [Fact]
    public void An_unresolved_denier_is_matched_by_its_content_and_needs_the_higher_similarity()
    {
        var unresolved = Document("anon", "2023-05-13",
            new FixtureStatement(Stance.Deny, "a spokesman", null, null, ShellingDenial, ("Pakistani soldiers", "PAKMIL", "PAK")));
        var lenient = Linker(options: new CrossDocumentLinkOptions { MinSimilarity = 0.5, MinSimilarityUnresolvedDenier = 0.7 });
        var link = lenient.Match(Single(lenient, IndianClaim()), Single(lenient, unresolved));
        Assert.NotNull(link);
        Assert.Equal("content", link.ActorMatch);

        // similarity 0.766: enough for a resolved denier at 0.75, not for an unresolved one at 0.8
        var strict = Linker(options: new CrossDocumentLinkOptions { MinSimilarity = 0.75, MinSimilarityUnresolvedDenier = 0.8 });
        Assert.Null(strict.Match(Single(strict, IndianClaim()), Single(strict, unresolved)));
        Assert.NotNull(strict.Match(Single(strict, IndianClaim()), Single(strict, PakistaniDenial())));
    }

    [Fact]
    public void Contents_below_the_similarity_threshold_are_not_linked()
    {
        var trade = Document("trade", "2023-05-12",
            new FixtureStatement(Stance.Assert, "India's Commerce Ministry", "INDGOV", "IND", TradeClaim, ("Pakistani cotton", "PAK", "PAK")));
        var linker = Linker();
        Assert.Null(linker.Match(Single(linker, trade), Single(linker, PakistaniDenial())));
    }

    [Fact]
    public void Short_contents_and_claims_naming_no_other_party_are_not_candidates_and_cost_no_embedding()
    {
        var encoder = Encoder();
        var linker = Linker(encoder);
        var analysis = Document("d", "2023-05-12",
            new FixtureStatement(Stance.Deny, "Pakistan's military", "PAKMIL", "PAK", "the claim"),
            new FixtureStatement(Stance.Assert, "the Indian Army", "INDMIL", "IND", "Indian troops will stay on high alert all week"));
        Assert.Empty(linker.Prepare(analysis));
        Assert.Equal(0, encoder.Calls);
    }

    [Fact]
    public void Candidates_carry_the_speaker_country_and_the_countries_the_content_names_but_not_the_speaker_own()
    {
        var linker = Linker();
        var claim = Single(linker, Document("x", "2023-05-12",
            new FixtureStatement(Stance.Assert, "the Indian Army", "INDMIL", "IND", ShellingClaim, ("Pakistani troops", "PAKMIL", "PAK"), ("Indian army", "INDMIL", "IND"))));
        Assert.Equal("IND", claim.SpeakerCountry);
        Assert.Equal(["PAK"], claim.NamedCountries.ToArray());
        Assert.Equal(["INDMIL", "PAKMIL"], claim.ActorCodes.ToArray());
        Assert.Equal(new DateOnly(2023, 5, 12), claim.DateLo);
    }

    [Theory]
    [InlineData(Stance.Deny, "the reports that its troops shelled villages", "Pakistan's troops shelled villages")]
    [InlineData(Stance.Deny, "allegations of our forces firing on civilians", "Pakistan's forces firing on civilians")]
    [InlineData(Stance.Deny, "we armed the gunmen", "Pakistan armed the gunmen")]
    [InlineData(Stance.Assert, "the reports that its troops shelled villages", "its troops shelled villages")]
    [InlineData(Stance.Deny, "itself was never the target", "itself was never the target")]
    public void Embedded_text_drops_the_claim_wrapper_and_names_the_denier(string stance, string content, string expected)
    {
        var analysis = Document("d", "2023-05-12", new FixtureStatement(stance, "Pakistan's military", "PAKMIL", "PAK", content));
        Assert.Equal(expected, CrossDocumentLinker.EmbeddingText(analysis.Statements[0], analysis));
    }

    [Fact]
    public void Options_reject_values_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossDocumentLinkOptions { MinSimilarity = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossDocumentLinkOptions { MinSimilarityUnresolvedDenier = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossDocumentLinkOptions { MinSimilarity = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossDocumentLinkOptions { DateWindowDays = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossDocumentLinkOptions { MinContentWords = 0 });
    }

    [Fact]
    public void Vectors_of_different_models_are_not_comparable()
    {
        Assert.Throws<ArgumentException>(() => CrossDocumentLinker.Cosine(new float[384], new float[2]));
    }
}
