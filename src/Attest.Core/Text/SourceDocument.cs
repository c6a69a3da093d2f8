using System.Collections.Immutable;
using Attest.Model;

namespace Attest.Text;

/// <summary>How the raw content of a <see cref="SourceDocument"/> is to be read.</summary>
public enum InputFormat
{
    /// <summary>Decide from the content: HTML when it starts with markup, plain text otherwise.</summary>
    Auto,
    /// <summary>Headline line, optional subtitle line, paragraphs separated by blank lines.</summary>
    PlainText,
    /// <summary>An HTML page; the article is extracted with SmartReader.</summary>
    Html,
}

/// <summary>The raw input of the pipeline: decoded text plus where it came from.</summary>
/// <param name="Content">decoded text (UTF-8 decoding problems are reported in <paramref name="Warnings"/>)</param>
/// <param name="Source">path or URL, or null for standard input</param>
public sealed record SourceDocument(string Content, string? Source, InputFormat Format = InputFormat.Auto)
{
    /// <summary>Problems met while reading the input, e.g. invalid UTF-8 replaced.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}

/// <summary>The output of cleaning: the body text every later offset points into.</summary>
public sealed record CleanedDocument(string Text, string? Title, ImmutableArray<RemovedText> Removed)
{
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>A publication date the source itself gave (HTML metadata), as a partial ISO date.</summary>
    public string? PublishedDate { get; init; }
}

/// <summary>Stage 1a: takes captions, credits, bylines, boilerplate, title and subtitle out of the body.</summary>
public interface IDocumentCleaner
{
    CleanedDocument Clean(SourceDocument document);
}
