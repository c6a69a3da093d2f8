using Attest.Model;
using Attest.Storage;

namespace Attest.Tests;

/// <summary>
/// The behaviour every <see cref="IAnalysisStore"/> must have. An implementation's test class derives from this
/// and says how to open a store (DuckDB today; PostgreSQL later runs the same tests).
/// </summary>
public abstract class AnalysisStoreContractTests
{
    /// <summary>Opens the store under test: empty on the first call, the same store on later calls.</summary>
    protected abstract IAnalysisStore OpenStore();

    protected IAnalysisStore OpenFilled()
    {
        var store = OpenStore();
        Assert.Equal(StoreOutcome.Inserted, store.Store(StoreFixtures.Iran()));
        Assert.Equal(StoreOutcome.Inserted, store.Store(StoreFixtures.Korea()));
        return store;
    }

    [Fact]
    public void Store_then_GetDocument_round_trips_the_analysis()
    {
        var analysis = StoreFixtures.Iran();
        using (var store = OpenStore()) Assert.Equal(StoreOutcome.Inserted, store.Store(analysis));

        using var reopened = OpenStore();
        var back = reopened.GetDocument("doc-iran");
        Assert.NotNull(back);
        Assert.Equal(AnalysisJson.Serialize(analysis), AnalysisJson.Serialize(back));
        Assert.True(reopened.Contains("doc-iran"));
        Assert.False(reopened.Contains("nope"));
        Assert.Null(reopened.GetDocument("nope"));
    }

    [Fact]
    public void Storing_twice_is_idempotent()
    {
        using var store = OpenStore();
        Assert.Equal(StoreOutcome.Inserted, store.Store(StoreFixtures.Iran()));
        var counts = store.Counts();
        Assert.Equal(new StoreCounts(1, 2, 2, 2, 1), counts);

        // Same id from another path: still the same document.
        Assert.Equal(StoreOutcome.AlreadyStored, store.Store(StoreFixtures.Iran(source: "elsewhere.html")));
        Assert.Equal(counts, store.Counts());
        Assert.Equal("samples/iran.txt", store.GetDocument("doc-iran")!.Document.Source);
    }

    [Fact]
    public void A_failing_document_is_rolled_back_entirely()
    {
        using var store = OpenStore();
        var bad = StoreFixtures.Iran();
        bad = bad with { Events = [bad.Events[0], bad.Events[1] with { Id = "e1" }] }; // duplicate event id
        var ex = Assert.Throws<AnalysisStoreException>(() => store.Store(bad));
        Assert.Contains("doc-iran", ex.Message);
        Assert.Equal(new StoreCounts(0, 0, 0, 0, 0), store.Counts());
        Assert.False(store.Contains("doc-iran"));

        // The store is still usable, and the corrected document goes in.
        Assert.Equal(StoreOutcome.Inserted, store.Store(StoreFixtures.Iran()));
        Assert.Equal(new StoreCounts(1, 2, 2, 2, 1), store.Counts());
    }

    [Fact]
    public void QueryEvents_returns_rows_with_document_fields()
    {
        using var store = OpenFilled();
        var all = store.QueryEvents(new EventQuery());
        Assert.Equal(["doc-iran/e1", "doc-iran/e2", "doc-korea/e1", "doc-korea/e2"], all.Select(e => $"{e.DocumentId}/{e.Id}"));
        var e1 = all[0];
        Assert.Equal("samples/iran.txt", e1.DocumentSource);
        Assert.Equal("2019-01-14", e1.DocumentDate);
        Assert.Null(e1.Date);
        Assert.Equal(("Washington", "USAGOV", "United States"), (e1.SourceText, e1.SourceCode, e1.SourceName));
        Assert.Equal(("Iran", "IRN", (string?)null), (e1.TargetText, e1.TargetCode, e1.TargetName));
        Assert.Equal(("0311", "03", "AGREE", 3.4, 1), (e1.Cameo, e1.Root, e1.Plover, e1.Goldstein, e1.QuadClass));
        Assert.Equal(("claimed", "asked", false), (e1.Status, e1.Trigger, e1.Negated));
        Assert.Equal("Iran's Ali Shamkhani said Washington asked to hold talks.", e1.Sentence);
        Assert.True(all[1].Negated);
        Assert.Null(all[2].TargetText);
        Assert.Null(all[2].DocumentSource);
    }

    [Theory]
    [InlineData("IRN", "doc-iran/e1 doc-iran/e2")] // target of e1, source of e2
    [InlineData("USA", "doc-iran/e1")]
    [InlineData("irngov", "")]
    [InlineData("PRK", "doc-korea/e1 doc-korea/e2")]
    [InlineData("KOR", "doc-korea/e2")]
    public void QueryEvents_filters_by_actor_code_prefix(string actor, string expected) =>
        AssertEvents(new EventQuery { ActorCode = actor }, expected);

    [Theory]
    [InlineData("1", "doc-iran/e2 doc-korea/e1 doc-korea/e2")]
    [InlineData("12", "doc-iran/e2 doc-korea/e2")]
    [InlineData("03", "doc-iran/e1")]
    [InlineData("0312", "")]
    public void QueryEvents_filters_by_cameo_prefix(string cameo, string expected) =>
        AssertEvents(new EventQuery { Cameo = cameo }, expected);

    [Theory]
    [InlineData("2019-01-15", null, "doc-iran/e2 doc-korea/e1 doc-korea/e2")] // e2 has its own date 2019-01-20
    [InlineData(null, "2019-01-14", "doc-iran/e1")]
    [InlineData("2019", "2019", "doc-iran/e1 doc-iran/e2")]
    [InlineData("2020-03-31", null, "doc-korea/e1 doc-korea/e2")] // document month 2020-03 overlaps
    [InlineData("2020-04", null, "")]
    public void QueryEvents_filters_by_date_with_document_date_fallback(string? since, string? until, string expected) =>
        AssertEvents(new EventQuery { Since = since, Until = until }, expected);

    [Fact]
    public void QueryEvents_combines_filters_and_limits()
    {
        using var store = OpenFilled();
        Assert.Equal(["doc-korea/e1"], store.QueryEvents(new EventQuery { ActorCode = "PRK", Cameo = "19", Since = "2020" }).Select(e => $"{e.DocumentId}/{e.Id}"));
        Assert.Equal(["doc-iran/e1", "doc-iran/e2", "doc-korea/e1"], store.QueryEvents(new EventQuery { Limit = 3 }).Select(e => $"{e.DocumentId}/{e.Id}"));
    }

    [Fact]
    public void Undated_documents_come_last_and_are_left_out_by_date_filters()
    {
        using var store = OpenFilled();
        store.Store(StoreFixtures.Korea(id: "doc-undated", date: null));
        Assert.Equal("doc-undated", store.QueryEvents(new EventQuery())[^1].DocumentId);
        Assert.DoesNotContain(store.QueryEvents(new EventQuery { Since = "1900" }), e => e.DocumentId == "doc-undated");
    }

    [Fact]
    public void QueryStatements_returns_rows()
    {
        using var store = OpenFilled();
        var all = store.QueryStatements(new StatementQuery());
        Assert.Equal(["doc-iran/s1", "doc-iran/s2", "doc-korea/s1"], all.Select(s => $"{s.DocumentId}/{s.Id}"));
        var s2 = all[1];
        Assert.Equal(("Ali Shamkhani", "IRNGOV", "Ali Shamkhani"), (s2.SpeakerText, s2.SpeakerCode, s2.SpeakerName));
        Assert.Equal(("say", "assert", "indirect", true), (s2.Cue, s2.Stance, s2.Form, s2.Hedged));
        Assert.Equal("Washington asked to hold talks", s2.Content);
        Assert.Equal(["Middle East media, \"outlets\""], s2.Via);
        Assert.Empty(all[0].Via);
        Assert.Equal(("samples/iran.txt", "2019-01-14"), (s2.DocumentSource, s2.DocumentDate));
    }

    [Theory]
    [InlineData("shamkhani", null, null, "doc-iran/s2")]
    [InlineData("united states", null, null, "doc-iran/s1")] // actor name, not the text
    [InlineData("OFFICIALS", null, null, "doc-iran/s1")]
    [InlineData(null, "deny", null, "doc-iran/s1")]
    [InlineData(null, "ASSERT", null, "doc-iran/s2 doc-korea/s1")]
    [InlineData(null, null, "IRN", "doc-iran/s2")]
    [InlineData(null, null, "usa", "doc-iran/s1")]
    [InlineData("seoul", "assert", "KOR", "doc-korea/s1")]
    [InlineData("seoul", "deny", null, "")]
    public void QueryStatements_filters(string? speaker, string? stance, string? code, string expected)
    {
        using var store = OpenFilled();
        var rows = store.QueryStatements(new StatementQuery { Speaker = speaker, Stance = stance, SpeakerCode = code });
        Assert.Equal(expected, string.Join(' ', rows.Select(s => $"{s.DocumentId}/{s.Id}")));
    }

    [Fact]
    public void QueryStatements_filters_by_document_date_and_limit()
    {
        using var store = OpenFilled();
        Assert.Equal(["doc-korea"], store.QueryStatements(new StatementQuery { Since = "2020-03-15" }).Select(s => s.DocumentId));
        Assert.Equal(["doc-iran", "doc-iran"], store.QueryStatements(new StatementQuery { Until = "2019-12" }).Select(s => s.DocumentId));
        Assert.Single(store.QueryStatements(new StatementQuery { Limit = 1 }));
    }

    [Fact]
    public void Store_can_be_called_from_several_threads()
    {
        using var store = OpenStore();
        var outcomes = Enumerable.Range(0, 16).AsParallel().Select(i => store.Store(StoreFixtures.Korea(id: $"doc-{i % 4}"))).ToList();
        Assert.Equal(4, outcomes.Count(o => o == StoreOutcome.Inserted));
        Assert.Equal(4, store.Counts().Documents);
        Assert.Equal(8, store.Counts().Events);
    }

    private void AssertEvents(EventQuery query, string expected)
    {
        using var store = OpenFilled();
        var rows = store.QueryEvents(query);
        Assert.Equal(expected, string.Join(' ', rows.Select(e => $"{e.DocumentId}/{e.Id}")));
    }
}
