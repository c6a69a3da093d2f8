using Attest.Syntax;

namespace Attest.Events.Petrarch;

/// <summary>
/// One sentence's dependency tree with sentence-local indexes (−1 is the root's head) and a children index that
/// <see cref="Attach"/> keeps in step with every change of head, each child list in ascending order. The parse the
/// PETRARCH coder reads: <see cref="ParseRepair"/> rewrites it in place, <see cref="PetrarchCoder.SentenceView"/> reads it.
/// </summary>
internal sealed class SentenceTree
{
    private readonly List<int>[] children;

    public SentenceTree(UPos[] upos, string[] xpos, int[] head, string[] rel)
    {
        if (xpos.Length != upos.Length || head.Length != upos.Length || rel.Length != upos.Length)
            throw new ArgumentException("tags, heads and relations must have one entry per token");
        Upos = upos;
        Xpos = xpos;
        Head = head;
        Rel = rel;
        children = new List<int>[upos.Length];
        for (int i = 0; i < children.Length; i++) children[i] = [];
        for (int i = 0; i < head.Length; i++)
        {
            if (head[i] >= 0) children[head[i]].Add(i);
        }
    }

    public int N => Head.Length;
    public UPos[] Upos { get; }
    public string[] Xpos { get; }
    /// <summary>Heads; change them only through <see cref="Attach"/>.</summary>
    public int[] Head { get; }
    public string[] Rel { get; }

    /// <summary>The dependents of <paramref name="t"/>, ascending.</summary>
    public IReadOnlyList<int> Children(int t) => children[t];

    public bool HasChild(int t, Func<int, bool> test)
    {
        foreach (int c in children[t])
        {
            if (test(c)) return true;
        }
        return false;
    }

    /// <summary>Makes <paramref name="head"/> the head of <paramref name="t"/> with relation <paramref name="rel"/>.</summary>
    public void Attach(int t, int head, string rel)
    {
        if (Head[t] != head)
        {
            if (Head[t] >= 0) children[Head[t]].Remove(t);
            if (head >= 0)
            {
                var list = children[head];
                int at = list.BinarySearch(t);
                list.Insert(~at, t);
            }
            Head[t] = head;
        }
        Rel[t] = rel;
    }

    /// <summary>The relation without its subtype ("obl" for "obl:agent").</summary>
    public string BaseRel(int t)
    {
        var r = Rel[t];
        int c = r.IndexOf(':', StringComparison.Ordinal);
        return c < 0 ? r : r[..c];
    }

    public bool IsNominal(int t) => Upos[t] is UPos.NOUN or UPos.PROPN or UPos.PRON or UPos.NUM;

    /// <summary>Whether <paramref name="t"/> is <paramref name="root"/> or below it (a cycle ends the walk).</summary>
    public bool InSubtree(int t, int root)
    {
        for (int k = t, guard = 0; k >= 0 && guard <= N; k = Head[k], guard++)
        {
            if (k == root) return true;
        }
        return false;
    }
}
