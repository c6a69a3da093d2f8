using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary><c>attest eval tagger|parser</c>: scores the syntax models on a CoNLL-U treebank.</summary>
internal static class EvalCommand
{
    /// <summary>Tokenizer for <c>--raw</c>. The lead points this at NewsTokenizer at merge; null means not available in this build.</summary>
    private static readonly Func<ITokenizer?> RawTokenizer = () => NewsTokenizer.Default;

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("eval", "Evaluate the syntax models on a CoNLL-U treebank.");
        command.Subcommands.Add(Sub(env, "tagger", "Score UPOS, XPOS and lemmas.", parser: false));
        command.Subcommands.Add(Sub(env, "parser", "Score tags, lemmas and dependencies (UAS, LAS).", parser: true));
        command.Subcommands.Add(NerCommands.Eval(env));
        command.Subcommands.Add(EvalAttributionCommand.Create(env));
        command.Subcommands.Add(EvalPetrarchCommand.Create(env));
        return command;
    }

    private static Command Sub(CliEnvironment env, string name, string description, bool parser)
    {
        var treebank = new Option<string>("--treebank") { Description = "Gold CoNLL-U file.", Required = true };
        var raw = new Option<bool>("--raw") { Description = "Tokenize the reconstructed raw text instead of using gold tokens." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var models = new Option<string?>("--models") { Description = "Model directory (default: the embedded models)." };
        var relations = new Option<bool>("--relations") { Description = "Also score each gold relation: words, % right head (UAS), % right head and relation (LAS); gold tokens only." };
        var output = new Option<string?>("--output") { Description = "Write the predicted trees (gold tokens) to this CoNLL-U file.", HelpName = "FILE" };
        var command = new Command(name, description);
        command.Options.Add(treebank);
        command.Options.Add(raw);
        command.Options.Add(json);
        command.Options.Add(models);
        if (parser) command.Options.Add(relations);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(treebank)!;
            if (!CliInputs.FilesExist(env, [file])) return AttestApp.ExitInputError;
            var dir = parse.GetValue(models);
            PerceptronSyntaxAnalyzer analyzer;
            try
            {
                analyzer = dir is null ? PerceptronSyntaxAnalyzer.LoadDefault() : PerceptronSyntaxAnalyzer.Load(dir);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                env.Error.WriteLine($"attest: cannot load models: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var sentences = ConlluReader.ReadFile(file).ToList();
            SyntaxScores scores;
            var byRelation = parser && parse.GetValue(relations) ? new SortedDictionary<string, RelationScore>(StringComparer.Ordinal) : null;
            var outputFile = parse.GetValue(output);
            if ((byRelation is not null || outputFile is not null) && parse.GetValue(raw))
            {
                env.Error.WriteLine($"attest: {(byRelation is not null ? "--relations" : "--output")} works on gold tokens; it cannot be combined with --raw");
                return AttestApp.ExitInputError;
            }
            if (parse.GetValue(raw))
            {
                var tokenizer = RawTokenizer();
                if (tokenizer is null)
                {
                    env.Error.WriteLine("attest: --raw needs the news tokenizer, which is not part of this build");
                    return AttestApp.ExitInputError;
                }
                TokenizationGold gold;
                using (var reader = new StreamReader(file, Encoding.UTF8)) gold = TokenizerEvaluation.ReadGold(reader);
                scores = SyntaxEvaluator.EvaluateRaw(analyzer, tokenizer, gold, sentences);
            }
            else
            {
                using var predictions = outputFile is null ? null : new StreamWriter(outputFile, false, new UTF8Encoding(false));
                scores = SyntaxEvaluator.EvaluateGold(parser ? analyzer : new TagOnly(analyzer), sentences, byRelation, predictions);
            }
            if (parse.GetValue(json)) env.Out.WriteLine(Json(scores, parser, byRelation));
            else
            {
                var ci = CultureInfo.InvariantCulture;
                env.Out.WriteLine(string.Create(ci, $"words {scores.Words}  UPOS {scores.Upos:F2}  XPOS {scores.Xpos:F2}  lemma {scores.Lemma:F2}"));
                if (parser) env.Out.WriteLine(string.Create(ci, $"UAS {scores.Uas:F2}  LAS {scores.Las:F2}"));
                if (scores.TokensF1 is { } tf) env.Out.WriteLine(string.Create(ci, $"tokens F1 {tf:F2}  sentences F1 {scores.SentencesF1:F2}"));
                env.Out.WriteLine(string.Create(ci, $"{scores.WordsPerSecond:F0} words/s"));
                if (byRelation is not null)
                {
                    env.Out.WriteLine("relation          words    UAS    LAS");
                    foreach (var (rel, r) in byRelation.OrderByDescending(x => x.Value.Words - x.Value.HeadRight).ThenBy(x => x.Key, StringComparer.Ordinal))
                        env.Out.WriteLine(string.Create(ci, $"{rel,-16} {r.Words,6} {100.0 * r.HeadRight / r.Words,6:F2} {100.0 * r.LabelRight / r.Words,6:F2}"));
                }
            }
            return 0;
        });
        return command;
    }

    private static string Json(SyntaxScores s, bool parser, SortedDictionary<string, RelationScore>? byRelation)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("upos", Math.Round(s.Upos, 2));
            w.WriteNumber("xpos", Math.Round(s.Xpos, 2));
            w.WriteNumber("lemma", Math.Round(s.Lemma, 2));
            if (parser)
            {
                w.WriteNumber("uas", Math.Round(s.Uas, 2));
                w.WriteNumber("las", Math.Round(s.Las, 2));
            }
            w.WriteNumber("words", s.Words);
            w.WriteNumber("words_per_second", Math.Round(s.WordsPerSecond));
            if (s.TokensF1 is { } tf) w.WriteNumber("tokens_f1", Math.Round(tf, 2));
            if (s.SentencesF1 is { } sf) w.WriteNumber("sentences_f1", Math.Round(sf, 2));
            if (byRelation is not null)
            {
                w.WriteStartObject("relations");
                foreach (var (rel, r) in byRelation)
                {
                    w.WriteStartObject(rel);
                    w.WriteNumber("words", r.Words);
                    w.WriteNumber("uas", Math.Round(100.0 * r.HeadRight / r.Words, 2));
                    w.WriteNumber("las", Math.Round(100.0 * r.LabelRight / r.Words, 2));
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private sealed class TagOnly(PerceptronSyntaxAnalyzer inner) : ISyntaxAnalyzer
    {
        public SyntaxLayer Analyze(TokenizedText text) => inner.Analyze(text, SyntaxSteps.Lemmatize);
    }
}
