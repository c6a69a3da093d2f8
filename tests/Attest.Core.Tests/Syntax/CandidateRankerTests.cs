using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class CandidateRankerTests
{
    [Fact]
    public void A_wrong_choice_moves_the_gold_candidate_up_and_the_chosen_one_down()
    {
        var r = new CandidateRanker();
        ulong[] gold = [1, 2];
        ulong[] wrong = [2, 3];
        Assert.Equal(0f, r.Score(gold));
        r.Update(gold, wrong);
        r.Tick();
        // feature 2 is on both sides and cancels out
        Assert.Equal(1f, r.Score(gold));
        Assert.Equal(-1f, r.Score(wrong));
        Assert.Equal(0f, r.Score([2]));
        Assert.Equal(0f, r.Score([99]));
    }

    [Fact]
    public void Averaging_weighs_an_update_by_how_long_it_stood()
    {
        var r = new CandidateRanker();
        // step 1: feature 5 up; then three instances with no update; then feature 7 up at step 5
        r.Update([5], []);
        for (int i = 0; i < 4; i++) r.Tick();
        r.Update([7], []);
        r.Tick();
        var (keys, weights) = r.Averaged(1e-6f);
        // six steps in all: 5 stood for 5 of them (1 − 1/6), 7 for 1 (1 − 5/6)
        Assert.Equal([5UL, 7UL], keys);
        Assert.Equal(5f / 6, weights[0], 5);
        Assert.Equal(1f / 6, weights[1], 5);
        // a threshold drops the small one
        Assert.Equal([5UL], r.Averaged(0.5f).Keys);
    }
}
