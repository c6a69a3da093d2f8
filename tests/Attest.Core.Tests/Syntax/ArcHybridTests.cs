using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class ArcHybridTests
{
    // gold heads with n = root: "She saw the dog ." -> saw root; She->saw; the->dog; dog->saw; .->saw
    private static readonly int[] Gold = [1, 5, 3, 1, 1];

    private static int[] RunOracle(int[] gold)
    {
        int n = gold.Length;
        var st = new ArcHybridState(n);
        st.Reset(n);
        int steps = 0;
        while (!st.Terminal)
        {
            int pick = -1;
            for (int t = 0; t < 3; t++)
                if (st.IsLegal(t) && st.Cost(t, gold) == 0) { pick = t; break; }
            Assert.True(pick >= 0, "a projective tree always has a zero-cost transition");
            st.Apply(pick);
            Assert.True(++steps <= 2 * n + 1);
        }
        return st.Heads[..n];
    }

    [Fact]
    public void Zero_cost_path_rebuilds_projective_tree()
    {
        Assert.Equal(Gold, RunOracle(Gold));
        int[] chain = [1, 2, 3, 4]; // 0<-1<-2<-3 root
        Assert.Equal(chain, RunOracle(chain));
        int[] right = [4, 0, 1, 2]; // 0 root, 0->1->2->3
        Assert.Equal(right, RunOracle(right));
    }

    [Fact]
    public void Transitions_update_children_and_valency()
    {
        var st = new ArcHybridState(3);
        st.Reset(3);
        st.Apply(ArcHybridState.Shift); // [R 0]
        st.Apply(ArcHybridState.Left);  // 0 <- 1
        Assert.Equal(1, st.Heads[0]);
        Assert.Equal(0, st.Lc1[1]);
        Assert.Equal(1, st.NLeft[1]);
        st.Apply(ArcHybridState.Shift); // [R 1]
        st.Apply(ArcHybridState.Shift); // [R 1 2]
        Assert.False(st.IsLegal(ArcHybridState.Shift));
        st.Apply(ArcHybridState.Right); // 1 -> 2
        Assert.Equal(2, st.Rc1[1]);
        Assert.True(st.IsLegal(ArcHybridState.Right));
        st.Apply(ArcHybridState.Right); // R -> 1
        Assert.True(st.Terminal);
        Assert.Equal(3, st.Heads[1]);
    }

    [Fact]
    public void Root_attachment_waits_for_empty_buffer()
    {
        var st = new ArcHybridState(2);
        st.Reset(2);
        st.Apply(ArcHybridState.Shift);
        Assert.False(st.IsLegal(ArcHybridState.Right));
        Assert.True(st.IsLegal(ArcHybridState.Left));
    }

    [Fact]
    public void Costs_count_lost_gold_arcs()
    {
        var st = new ArcHybridState(5);
        st.Reset(5);
        st.Apply(ArcHybridState.Shift); // stack [R She], buffer saw...
        // LEFT: She <- saw is gold: zero cost. SHIFT buries She under saw: She's head (saw) and saw's head (root) are lost.
        Assert.Equal(0, st.Cost(ArcHybridState.Left, Gold));
        Assert.Equal(2, st.Cost(ArcHybridState.Shift, Gold));
    }

    [Fact]
    public void Dynamic_oracle_recovers_after_a_mistake()
    {
        var st = new ArcHybridState(5);
        st.Reset(5);
        st.Apply(ArcHybridState.Shift);
        st.Apply(ArcHybridState.Shift); // mistake: She's and saw's heads lost
        int lost = 0;
        while (!st.Terminal)
        {
            int pick = -1, best = int.MaxValue;
            for (int t = 0; t < 3; t++)
                if (st.IsLegal(t)) { int c = st.Cost(t, Gold); if (c < best) { best = c; pick = t; } }
            lost += best;
            st.Apply(pick);
        }
        int wrong = 0;
        for (int i = 0; i < 5; i++) if (st.Heads[i] != Gold[i]) wrong++;
        Assert.Equal(2, wrong);
        Assert.Equal(0, lost);
    }

    [Fact]
    public void Only_legal_transition_is_reported_when_forced()
    {
        var st = new ArcHybridState(3);
        st.Reset(3);
        Assert.Equal(ArcHybridState.Shift, st.OnlyLegal()); // [R], buffer full
        st.Apply(ArcHybridState.Shift);
        Assert.Equal(-1, st.OnlyLegal()); // [R 0]: shift or left
        st.Apply(ArcHybridState.Shift);
        st.Apply(ArcHybridState.Shift); // [R 0 1 2], buffer empty
        Assert.Equal(ArcHybridState.Right, st.OnlyLegal());
        for (int k = 0; k < 3; k++)
        {
            int only = st.OnlyLegal();
            for (int t = 0; t < 3; t++) Assert.Equal(t == only, st.IsLegal(t));
            st.Apply(only);
        }
        Assert.True(st.Terminal);
    }

    [Fact]
    public void Label_sets_collect_the_labels_of_each_side()
    {
        var st = new ArcHybridState(4);
        st.Reset(4);
        st.Apply(ArcHybridState.Shift);
        st.Apply(ArcHybridState.Left, 3);  // 0 <- 1, label 3
        st.Apply(ArcHybridState.Shift);    // [R 1]
        st.Apply(ArcHybridState.Shift);    // [R 1 2]
        st.Apply(ArcHybridState.Right, 5); // 1 -> 2, label 5
        st.Apply(ArcHybridState.Shift);    // [R 1 3]
        st.Apply(ArcHybridState.Right, 70); // 1 -> 3, label 70 (bit 70 mod 64 = 6)
        Assert.Equal(1UL << 3, st.LeftLabelSet[1]);
        Assert.Equal((1UL << 5) | (1UL << 6), st.RightLabelSet[1]);
        Assert.Equal(0UL, st.LeftLabelSet[2]);
        Assert.Equal(70, st.Labels[3]);
        st.Reset(4);
        Assert.Equal(0UL, st.RightLabelSet[1]);
    }
}
