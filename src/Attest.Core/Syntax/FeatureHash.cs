using System.Runtime.CompilerServices;

namespace Attest.Syntax;

/// <summary>Deterministic 64-bit hashing of strings and feature tuples (never <see cref="string.GetHashCode()"/>).</summary>
internal static class FeatureHash
{
    private const ulong Prime = 0x100000001b3UL;
    private const ulong Offset = 0xcbf29ce484222325UL;

    public static ulong Of(ReadOnlySpan<char> s)
    {
        ulong h = Offset;
        foreach (char c in s) h = (h ^ c) * Prime;
        return Final(h ^ (ulong)s.Length);
    }

    public static ulong OfLower(ReadOnlySpan<char> s)
    {
        ulong h = Offset;
        foreach (char c in s) h = (h ^ char.ToLowerInvariant(c)) * Prime;
        return Final(h ^ (ulong)s.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Final(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    /// <summary>Template <paramref name="t"/> with one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F(int t, ulong a) => Final(a * 0x9E3779B97F4A7C15UL + (ulong)t * 0xD6E8FEB86659FD93UL + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F(int t, ulong a, ulong b) => Final((F(t, a) ^ b) * 0x9E3779B97F4A7C15UL + 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F(int t, ulong a, ulong b, ulong c) => Final((F(t, a, b) ^ c) * 0x9E3779B97F4A7C15UL + 13);

    /// <summary>
    /// Template <paramref name="t"/> with up to three values, mixed once: each value times its own odd constant, summed,
    /// then one finalizer (a third of the cost of the chained <see cref="F(int, ulong, ulong, ulong)"/>; the head
    /// reviser's features since its payload version 2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(int t, ulong a, ulong b = 0, ulong c = 0) =>
        Final(a * 0x9E3779B97F4A7C15UL + b * 0xC2B2AE3D27D4EB4FUL + c * 0x165667B19E3779F9UL + (ulong)t * 0xD6E8FEB86659FD93UL);
}

/// <summary>Open-addressing map from non-zero 64-bit keys to int values (linear probing, power-of-two capacity; key and value share a slot).</summary>
/// <summary>A slot of an open-addressing table keyed by a non-zero 64-bit feature hash (0 marks an empty slot).</summary>
internal interface IHashSlot
{
    ulong Key { get; }
}

/// <summary>
/// The probing shared by the project's open-addressing tables (<see cref="HashIndex"/>, the linear models' slot
/// tables): a power-of-two table, the home slot from both halves of the hash, linear probing.
/// </summary>
internal static class OpenAddressing
{
    /// <summary>The first slot probed for <paramref name="key"/> in a table of <paramref name="mask"/> + 1 slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Home(ulong key, int mask) => (int)(key ^ (key >> 32)) & mask;

    /// <summary>
    /// The home bucket of <paramref name="key"/> among <paramref name="count"/> buckets of any number (not only a power
    /// of two): a multiply-shift of the same folded halves as <see cref="Home"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bucket(ulong key, uint count) => (uint)(((ulong)(uint)(key ^ (key >> 32)) * count) >> 32);

    /// <summary>Puts <paramref name="slot"/> in the first free slot from its home; a key already present is an error of the model data.</summary>
    /// <exception cref="InvalidDataException">the key is already in the table.</exception>
    public static void Insert<T>(T[] slots, int mask, T slot) where T : struct, IHashSlot
    {
        ulong key = slot.Key;
        int i = Home(key, mask);
        while (slots[i].Key != 0)
        {
            if (slots[i].Key == key) throw new InvalidDataException("duplicate feature key in linear model");
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }
}

internal sealed class HashIndex
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Entry
    {
        public ulong Key;
        public int Value;
    }

    private Entry[] entries;
    private int mask;

    public HashIndex(int expected = 16)
    {
        int cap = 16;
        while (cap < expected * 2) cap <<= 1;
        entries = new Entry[cap];
        mask = cap - 1;
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fix(ulong key) => key == 0 ? 1 : key;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(ulong key, int missing = -1)
    {
        key = Fix(key);
        var e = entries;
        int i = OpenAddressing.Home(key, mask);
        while (true)
        {
            ulong s = e[i].Key;
            if (s == key) return e[i].Value;
            if (s == 0) return missing;
            i = (i + 1) & mask;
        }
    }

    public bool TryAdd(ulong key, int value)
    {
        key = Fix(key);
        if ((Count + 1) * 2 > entries.Length) Grow();
        int i = OpenAddressing.Home(key, mask);
        while (true)
        {
            ulong s = entries[i].Key;
            if (s == key) return false;
            if (s == 0)
            {
                entries[i].Key = key;
                entries[i].Value = value;
                Count++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    public void Set(ulong key, int value)
    {
        if (!TryAdd(key, value))
        {
            key = Fix(key);
            int i = OpenAddressing.Home(key, mask);
            while (entries[i].Key != key) i = (i + 1) & mask;
            entries[i].Value = value;
        }
    }

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        mask = entries.Length - 1;
        Count = 0;
        foreach (var e in old)
            if (e.Key != 0) TryAdd(e.Key, e.Value);
    }

    /// <summary>Issues a cache prefetch for the first slot probed for each key, so that the misses of a batch of lookups overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ReadOnlySpan<ulong> keys)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        fixed (Entry* p = entries)
        {
            foreach (ulong k in keys) System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + OpenAddressing.Home(Fix(k), mask));
        }
    }

    /// <summary>All (key, value) pairs, in slot order.</summary>
    public IEnumerable<(ulong Key, int Value)> Entries()
    {
        var snapshot = entries;
        for (int j = 0; j < snapshot.Length; j++)
            if (snapshot[j].Key != 0) yield return (snapshot[j].Key, snapshot[j].Value);
    }
}
