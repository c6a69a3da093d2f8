using Attest.Storage.DuckDb;

namespace Attest.Storage;

/// <summary>How a store is opened.</summary>
public sealed record AnalysisStoreOptions
{
    /// <summary>The clock that stamps <c>ingested_at</c>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Create an empty store when the file does not exist (default); otherwise opening a missing store fails.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Open for queries only: never creates or migrates, and <see cref="IAnalysisStore.Store"/> fails.</summary>
    public bool ReadOnly { get; init; }
}

/// <summary>Opens stores. Today a store is a DuckDB file; PostgreSQL will come in behind the same <see cref="IAnalysisStore"/>.</summary>
public static class AnalysisStore
{
    /// <summary>The file name used when the caller gives none.</summary>
    public const string DefaultFileName = "attest.duckdb";

    /// <summary>Opens (and, unless read-only, creates or migrates) the DuckDB store at <paramref name="path"/>.</summary>
    /// <exception cref="AnalysisStoreException">the file is missing (when not created), not a DuckDB database, not an Attest store, or of another schema version; the message names the file.</exception>
    public static IAnalysisStore OpenDuckDb(string path, AnalysisStoreOptions? options = null) =>
        DuckDbAnalysisStore.Open(path, options ?? new AnalysisStoreOptions());

    /// <summary>
    /// Opens the store named by <paramref name="location"/> as a user writes it (<c>--db</c>, <c>ATTEST_DB</c>).
    /// Today every location is a DuckDB file path.
    /// </summary>
    public static IAnalysisStore Open(string location, AnalysisStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
            location.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
            throw new AnalysisStoreException("PostgreSQL stores are not supported yet; give a DuckDB file path");
        return OpenDuckDb(location, options);
    }
}
