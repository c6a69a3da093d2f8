namespace Attest.Entities;

/// <summary>An immutable case-insensitive set of words, looked up by span without allocating.</summary>
internal sealed class WordSet
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public WordSet(string words)
    {
        var set = new HashSet<string>(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);
        lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Contains(ReadOnlySpan<char> word) => lookup.Contains(word);
}
