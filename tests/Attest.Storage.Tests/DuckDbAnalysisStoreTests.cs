using Attest.Model;
using Attest.Storage;
using DuckDB.NET.Data;

namespace Attest.Tests;

public sealed class DuckDbAnalysisStoreTests : AnalysisStoreContractTests, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 30, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    protected override IAnalysisStore OpenStore() => Open();

    private IAnalysisStore Open(bool readOnly = false) =>
        AnalysisStore.OpenDuckDb(_db.Path, new AnalysisStoreOptions { Clock = new FixedClock(Now), ReadOnly = readOnly });

    [Fact]
    public void A_failing_document_names_the_store_file()
    {
        using var store = Open();
        var bad = StoreFixtures.Iran();
        bad = bad with { Events = [bad.Events[0], bad.Events[1] with { Id = "e1" }] };
        var ex = Assert.Throws<AnalysisStoreException>(() => store.Store(bad));
        Assert.StartsWith($"{_db.Path}: cannot store document doc-iran: ", ex.Message);
    }

    [Fact]
    public void Columns_hold_the_main_fields_and_the_clock_stamps_ingestion()
    {
        using (var store = OpenFilled()) { }
        using var connection = new DuckDBConnection($"Data Source={_db.Path}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT d.ingested_at, e.source_name, e.sentence_text, e.location_country, e.quantity_value, s.via
            FROM documents d JOIN events e ON e.document_id = d.id JOIN statements s ON s.document_id = d.id
            WHERE d.id = 'doc-iran' AND e.id = 'e1' AND s.id = 's2'
            """;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(Now.UtcDateTime, r.GetDateTime(0));
        Assert.Equal("United States", r.GetString(1));
        Assert.Equal("Iran's Ali Shamkhani said Washington asked to hold talks.", r.GetString(2));
        Assert.Equal("IRN", r.GetString(3));
        Assert.Equal(2.0, r.GetDouble(4));
        Assert.Equal(["Middle East media, \"outlets\""], r.GetFieldValue<List<string>>(5));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_with_its_name()
    {
        File.WriteAllText(_db.Path, "this is not a database, just some text that is long enough to have a header\n");
        var ex = Assert.Throws<AnalysisStoreException>(() => Open());
        Assert.Contains(_db.Path, ex.Message);
        Assert.Contains("cannot open as a DuckDB database", ex.Message);
    }

    [Fact]
    public void A_foreign_duckdb_database_is_reported()
    {
        using (var connection = new DuckDBConnection($"Data Source={_db.Path}"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE something (x INTEGER)";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<AnalysisStoreException>(() => Open());
        Assert.Equal($"{_db.Path}: is a DuckDB database but not an Attest store (no schema_version table)", ex.Message);
    }

    [Fact]
    public void A_newer_schema_version_is_reported()
    {
        using (Open()) { }
        using (var connection = new DuckDBConnection($"Data Source={_db.Path}"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO schema_version VALUES (999, now()::TIMESTAMP)";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<AnalysisStoreException>(() => Open());
        Assert.Contains("schema version 999 is newer", ex.Message);
        Assert.StartsWith(_db.Path, ex.Message);
    }

    [Fact]
    public void Read_only_open_needs_an_existing_store_and_refuses_writes()
    {
        var missing = Assert.Throws<AnalysisStoreException>(() => Open(readOnly: true));
        Assert.Equal($"{_db.Path}: no such store", missing.Message);
        Assert.False(File.Exists(_db.Path));

        using (OpenFilled()) { }
        using var store = Open(readOnly: true);
        Assert.Equal(4, store.QueryEvents(new EventQuery()).Count);
        Assert.Throws<InvalidOperationException>(() => store.Store(StoreFixtures.Iran(id: "other")));
    }

    [Fact]
    public void Create_if_missing_false_refuses_a_missing_file()
    {
        var ex = Assert.Throws<AnalysisStoreException>(() => AnalysisStore.OpenDuckDb(_db.Path, new AnalysisStoreOptions { CreateIfMissing = false }));
        Assert.Contains("no such store", ex.Message);
    }

    [Fact]
    public void Reopening_keeps_the_schema_version()
    {
        using (OpenFilled()) { }
        using var store = Open();
        Assert.Equal(2, store.Counts().Documents);
    }

    [Fact]
    public void A_store_with_an_empty_schema_version_table_is_migrated()
    {
        using (var connection = new DuckDBConnection($"Data Source={_db.Path}"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)";
            cmd.ExecuteNonQuery();
        }
        using (var store = Open()) store.Store(StoreFixtures.Korea());
        using var check = new DuckDBConnection($"Data Source={_db.Path}");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT max(version) FROM schema_version";
        Assert.Equal(Storage.DuckDb.DuckDbAnalysisStore.SchemaVersion, Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("postgres://localhost/attest")]
    [InlineData("Host=localhost;Database=attest")]
    public void Open_says_postgresql_is_not_supported_yet(string location)
    {
        var ex = Assert.Throws<AnalysisStoreException>(() => AnalysisStore.Open(location));
        Assert.Contains("PostgreSQL stores are not supported yet", ex.Message);
    }

    [Fact]
    public void Open_takes_a_plain_path_as_a_duckdb_file()
    {
        using (var store = AnalysisStore.Open(_db.Path)) Assert.Equal(_db.Path, store.Location);
        Assert.True(File.Exists(_db.Path));
    }
}
