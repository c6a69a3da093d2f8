using Attest.Disputes;
using Attest.Model;
using Attest.Storage;
using static Attest.Tests.CrossDocumentFixtures;

namespace Attest.Tests;

/// <summary>
/// Store-level cross-document linking with a test encoder: persistence, idempotence, order, queries. Every
/// <see cref="IAnalysisStore"/> must pass these; an implementation's test class derives from this one.
/// </summary>
public abstract class CrossDocumentLinkingContractTests : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("attest-links-").FullName;

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens (creating) an empty store named <paramref name="name"/>; the same name opens the same store.</summary>
    protected abstract IAnalysisStore Open(string name = "s");

    private static Analysis Trade() => Document("trade", "2023-05-12",
        new FixtureStatement(Stance.Assert, "India's Commerce Ministry", "INDGOV", "IND", TradeClaim, ("Pakistani cotton", "PAK", "PAK")));

    /// <summary>The cross-document links of a store, as comparable strings (what, not when).</summary>
    private static List<string> Links(IAnalysisStore store) =>
        [.. store.QueryDisputes(new DisputeQuery { CrossDocument = true })
            .Select(d => $"{d.Claim.DocumentId}/{d.Claim.StatementId} <- {d.Denial.DocumentId}/{d.Denial.StatementId} {d.Similarity} {string.Join(',', d.SharedActors)} {d.ActorMatch} {d.DateGapDays}")];

    [Fact]
    public void Linking_stores_the_link_with_both_sides_and_what_matched()
    {
        using var store = Open();
        store.Store(IndianClaim());
        store.Store(PakistaniDenial());
        store.Store(Trade());
        var linker = new CrossDocumentLinker(Encoder());

        var report = store.LinkDocuments(linker);

        Assert.Equal(new LinkReport(3, 3, 1), report);
        var d = Assert.Single(store.QueryDisputes(new DisputeQuery()));
        Assert.Equal("cross-document", d.Scope);
        Assert.Equal(("claim", "s1", "the Indian Army", "INDMIL", Stance.Assert, ShellingClaim), (d.Claim.DocumentId, d.Claim.StatementId, d.Claim.SpeakerText, d.Claim.SpeakerCode, d.Claim.Stance, d.Claim.Content));
        Assert.Equal(("denial", "Pakistan's military", Stance.Deny, "deny", "Title of denial", "fixtures/denial.txt", "2023-05-13"),
            (d.Denial.DocumentId, d.Denial.SpeakerText, d.Denial.Stance, d.Denial.Cue, d.Denial.DocumentTitle, d.Denial.DocumentSource, d.Denial.DocumentDate));
        Assert.Equal(["PAK"], d.SharedActors);
        Assert.Equal(("denier", 1, "test-angle"), (d.ActorMatch, d.DateGapDays, d.Model));
        Assert.Equal(0.766, d.Similarity!.Value, 3);
        Assert.Equal(["actors (denier): PAK", "stance: assert/deny", "dates: 1 day apart", "content: similarity 0.766"], d.Matched);
    }

    [Fact]
    public void Linking_twice_or_storing_again_adds_nothing()
    {
        using var store = Open();
        store.Store(IndianClaim());
        store.Store(PakistaniDenial());
        var encoder = Encoder();
        var linker = new CrossDocumentLinker(encoder);
        store.LinkDocuments(linker);
        var calls = encoder.Calls;

        Assert.Equal(StoreOutcome.AlreadyStored, store.Store(PakistaniDenial()));
        Assert.Equal(new LinkReport(0, 0, 0), store.LinkDocuments(linker));
        Assert.Equal(calls, encoder.Calls);
        Assert.Single(Links(store));
        Assert.Equal(0, store.UnlinkedDocuments(linker.ModelId));
    }

    [Fact]
    public void The_order_of_ingestion_does_not_change_the_links()
    {
        var docs = new[] { IndianClaim(), Trade(), PakistaniDenial(), PakistaniDenial(id: "denial2", date: "2023-05-20") };
        var linker = new CrossDocumentLinker(Encoder());
        using var forward = Open("forward");
        using var backward = Open("backward");
        foreach (var d in docs)
        {
            forward.Store(d);
            forward.LinkDocuments(linker); // one document at a time, as `attest ingest --link` on each file would
        }
        foreach (var d in docs.Reverse()) backward.Store(d);
        backward.LinkDocuments(linker);

        var links = Links(forward);
        Assert.Equal(2, links.Count);
        Assert.Equal(links, Links(backward));
    }

    [Fact]
    public void A_document_stored_after_linking_is_linked_with_the_earlier_ones_on_the_next_call()
    {
        using var store = Open();
        var linker = new CrossDocumentLinker(Encoder());
        store.Store(IndianClaim());
        Assert.Equal(new LinkReport(1, 1, 0), store.LinkDocuments(linker));
        store.Store(PakistaniDenial());
        Assert.Equal(1, store.UnlinkedDocuments(linker.ModelId));
        Assert.Equal(new LinkReport(1, 1, 1), store.LinkDocuments(linker));
    }

    [Fact]
    public void A_claimed_event_whose_claim_is_denied_elsewhere_is_disputed_in_queries_and_unchanged_in_the_document()
    {
        using var store = Open();
        store.Store(IndianClaim());
        store.Store(PakistaniDenial());
        Assert.Equal(EventStatus.Claimed, Assert.Single(store.QueryEvents(new EventQuery())).Status);

        store.LinkDocuments(new CrossDocumentLinker(Encoder()));

        Assert.Equal(EventStatus.Disputed, Assert.Single(store.QueryEvents(new EventQuery())).Status);
        Assert.Equal(EventStatus.Claimed, store.GetDocument("claim")!.Events[0].Status);
    }

    [Fact]
    public void Disputes_filter_by_actor_and_scope()
    {
        using var store = Open();
        store.Store(StoreFixtures.Iran());
        store.Store(IndianClaim());
        store.Store(PakistaniDenial());
        store.LinkDocuments(new CrossDocumentLinker(Encoder()));

        var all = store.QueryDisputes(new DisputeQuery());
        Assert.Equal(["cross-document", "document"], all.Select(d => d.Scope).ToArray());
        var within = Assert.Single(store.QueryDisputes(new DisputeQuery { CrossDocument = false }));
        Assert.Equal(("doc-iran", "s2", "s1"), (within.Claim.DocumentId, within.Claim.StatementId, within.Denial.StatementId));
        Assert.Empty(within.Matched);

        Assert.Equal("claim", Assert.Single(store.QueryDisputes(new DisputeQuery { ActorCode = "PAK" })).Claim.DocumentId);
        Assert.Equal("claim", Assert.Single(store.QueryDisputes(new DisputeQuery { ActorCode = "ind" })).Claim.DocumentId);
        Assert.Equal("doc-iran", Assert.Single(store.QueryDisputes(new DisputeQuery { ActorCode = "USA" })).Claim.DocumentId);
        Assert.Empty(store.QueryDisputes(new DisputeQuery { ActorCode = "CHN" }));
        Assert.Single(store.QueryDisputes(new DisputeQuery { Limit = 1 }));
        Assert.Throws<ArgumentException>(() => new DisputeQuery { ActorCode = "P K" });
    }

    [Theory]
    [InlineData(null, null, 1)]           // undated denial: linked, gap unknown
    [InlineData("2023-05-20", null, 1)]
    [InlineData("2023-06-30", null, 0)]   // 49 days later
    [InlineData("2023-05-13", "x", 0)]    // undated claim, denied by a third party (China): not linked
    public void Dates_and_undated_documents_pass_the_store_pre_filter_as_the_linker_decides(string? denialDate, string? thirdParty, int links)
    {
        using var store = Open();
        store.Store(thirdParty is null ? IndianClaim() : IndianClaim(date: null));
        store.Store(thirdParty is null ? PakistaniDenial(date: denialDate)
            : Document("cn", denialDate, new FixtureStatement(Stance.Deny, "China's Foreign Ministry", "CHNGOV", "CHN", ShellingDenial, ("Pakistani soldiers", "PAKMIL", "PAK"))));
        Assert.Equal(links, store.LinkDocuments(new CrossDocumentLinker(Encoder())).Links);
        if (links == 1 && denialDate is null) Assert.Null(Assert.Single(store.QueryDisputes(new DisputeQuery())).DateGapDays);
    }

    [Fact]
    public void An_undated_claim_links_with_a_dated_denial()
    {
        using var store = Open();
        store.Store(IndianClaim(date: null));
        store.Store(PakistaniDenial());
        Assert.Equal(1, store.LinkDocuments(new CrossDocumentLinker(Encoder())).Links);
    }
}

public sealed class DuckDbCrossDocumentLinkingTests : CrossDocumentLinkingContractTests
{
    protected override IAnalysisStore Open(string name = "s") => AnalysisStore.OpenDuckDb(Path.Combine(Dir, name + ".duckdb"));

    [Fact]
    public void A_read_only_store_cannot_link()
    {
        var path = Path.Combine(Dir, "ro.duckdb");
        using (var store = AnalysisStore.OpenDuckDb(path)) store.Store(IndianClaim());
        using var readOnly = AnalysisStore.OpenDuckDb(path, new AnalysisStoreOptions { ReadOnly = true });
        Assert.Throws<InvalidOperationException>(() => readOnly.LinkDocuments(new CrossDocumentLinker(Encoder())));
        Assert.Equal(1, readOnly.UnlinkedDocuments("test-angle"));
    }
}
