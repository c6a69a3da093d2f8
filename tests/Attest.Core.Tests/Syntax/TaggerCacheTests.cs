using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class TaggerCacheTests
{
    private static readonly string[][] Sentences =
    [
        ["The", "ministry", "in", "Ankara", "said", "on", "Tuesday", "that", "talks", "with", "Greece", "would", "resume", "."],
        ["Officials", "denied", "reports", "that", "troops", "had", "crossed", "the", "border", "near", "Kharkiv", "."],
        ["Mr.", "Varnok", "'s", "spokesman", "refused", "to", "comment", "on", "the", "sanctions", "announced", "by", "Brussels", "."],
    ];

    private static int[] TagWith(PosTagger tagger, string[] forms, out int cached)
    {
        var infos = tagger.Prepare(forms);
        cached = infos.Count(i => i.Cached > 0);
        var tags = new int[forms.Length];
        tagger.Tag(infos, tags);
        return tags;
    }

    [Fact]
    public void Cached_scores_give_the_same_tags_as_scoring_every_feature()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var forms = Sentences.SelectMany(s => s).Distinct(StringComparer.Ordinal).ToArray();
        var withCache = tagger.WithCache(forms);
        var withoutCache = tagger.WithCache([]);
        int cachedWords = 0;
        foreach (var s in Sentences)
        {
            var expected = TagWith(withoutCache, s, out int none);
            Assert.Equal(0, none);
            var actual = TagWith(withCache, s, out int cached);
            cachedWords += cached;
            Assert.Equal(expected, actual);
        }
        Assert.True(cachedWords > 10, $"only {cachedWords} words came from the cache");
    }

    [Fact]
    public void Cache_rows_equal_the_sum_of_the_self_features()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger.WithCache(["announced", "Ankara"]);
        var infos = tagger.Prepare(["announced", "Ankara"]);
        Assert.All(infos, i => Assert.True(i.Cached > 0));
        var fresh = PerceptronSyntaxAnalyzer.LoadDefault().Tagger.WithCache([]).Prepare(["announced", "Ankara"]);
        Assert.Equal(fresh[0].Lower, infos[0].Lower);
        Assert.Equal(fresh[1].S3, infos[1].S3);
        Assert.Equal(fresh[1].Shape, infos[1].Shape);
        Assert.Equal(fresh[1].Amb, infos[1].Amb);
        Assert.Equal(fresh[1].Cluster, infos[1].Cluster);
    }

    [Fact]
    public void Cache_survives_save_and_load()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger.WithCache(["resume", "border"]);
        var path = Path.Combine(Path.GetTempPath(), $"attest-tagger-{Guid.NewGuid():N}.bin");
        try
        {
            tagger.Save(path);
            var loaded = PosTagger.Load(path);
            Assert.Equal(["resume", "border"], loaded.CacheForms);
            Assert.Equal(tagger.SkipMargin, loaded.SkipMargin);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Features_are_the_self_features_then_the_context_features()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var infos = tagger.Prepare(["Talks", "in", "Vienna", "stalled"]);
        var all = new ulong[PosTagger.MaxFeatures];
        var self = new ulong[PosTagger.MaxFeatures];
        var context = new ulong[PosTagger.MaxFeatures];
        for (int i = 0; i < infos.Length; i++)
        {
            int n = PosTagger.Features(infos, i, 3, 4, [5, 6, 7, 8], all);
            int a = PosTagger.SelfFeatures(in infos[i], self);
            int b = PosTagger.ContextFeatures(infos, i, 3, 4, [5, 6, 7, 8], context);
            Assert.Equal(n, a + b);
            Assert.Equal(all[..n], self[..a].Concat(context[..b]).ToArray());
            Assert.Equal(n, all[..n].Distinct().Count());
        }
    }
}
