using Attest.Disputes;
using Attest.Model;

namespace Attest.Storage;

/// <summary>What <see cref="IAnalysisStore.Store"/> did with a document.</summary>
public enum StoreOutcome
{
    /// <summary>The document was new and has been written, with all its rows, in one transaction.</summary>
    Inserted,
    /// <summary>A document with the same <see cref="DocumentInfo.Id"/> was already stored; nothing was written.</summary>
    AlreadyStored,
}

/// <summary>Row counts of a store.</summary>
public sealed record StoreCounts(long Documents, long Actors, long Statements, long Events, long Disputes);

/// <summary>
/// A persistent collection of <see cref="Analysis"/> documents with query access to their events and statements.
/// Implementations are safe to call from several threads; each <see cref="Store"/> is one transaction and is
/// idempotent by <c>document.id</c> (the id is a hash of the cleaned text, so the same article stored twice is
/// recognised even from another path). Open one with <see cref="AnalysisStore"/>.
/// </summary>
public interface IAnalysisStore : IDisposable, IAsyncDisposable
{
    /// <summary>Where the store lives, for messages: a file path or a connection description without secrets.</summary>
    string Location { get; }

    /// <summary>Stores <paramref name="analysis"/> unless a document with its id is already there.</summary>
    /// <exception cref="ArgumentException">the analysis has no document id.</exception>
    /// <exception cref="AnalysisStoreException">the store could not be written.</exception>
    StoreOutcome Store(Analysis analysis);

    bool Contains(string documentId);

    /// <summary>The stored analysis exactly as it was given to <see cref="Store"/>, or null.</summary>
    Analysis? GetDocument(string id);

    IReadOnlyList<StoredEvent> QueryEvents(EventQuery query);

    IReadOnlyList<StoredStatement> QueryStatements(StatementQuery query);

    StoreCounts Counts();

    /// <summary>
    /// Links claims and denials across documents: every stored document not yet linked under
    /// <paramref name="linker"/>'s model gets its candidates prepared (embedded) and compared with those of every
    /// document linked before it; the links found are stored. Idempotent: a document is linked once per model, a link
    /// once per pair; and since a link depends only on its two statements, the order of documents does not matter.
    /// </summary>
    /// <exception cref="AnalysisStoreException">the store could not be read or written.</exception>
    LinkReport LinkDocuments(CrossDocumentLinker linker, CancellationToken cancellationToken = default);

    /// <summary>How many stored documents are not yet linked under the model <paramref name="modelId"/>.</summary>
    long UnlinkedDocuments(string modelId);

    /// <summary>Disputes: claims with their denials, within one document and across documents.</summary>
    IReadOnlyList<StoredDispute> QueryDisputes(DisputeQuery query);
}

/// <summary>What <see cref="IAnalysisStore.LinkDocuments"/> did.</summary>
/// <param name="Documents">documents linked by this call</param>
/// <param name="Candidates">statements of theirs prepared for linking</param>
/// <param name="Links">new cross-document links stored</param>
public sealed record LinkReport(int Documents, int Candidates, int Links);

/// <summary>A store could not be opened, read or written; the message names the store.</summary>
public sealed class AnalysisStoreException : Exception
{
    public AnalysisStoreException(string message) : base(message) { }
    public AnalysisStoreException(string message, Exception inner) : base(message, inner) { }
}
