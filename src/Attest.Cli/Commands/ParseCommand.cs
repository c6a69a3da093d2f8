using System.CommandLine;
using System.Globalization;
using Attest.Pipeline;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest parse FILE|DIR|-…</c>: cleans each document as <c>analyze</c> does, then tokenizes, tags, lemmatizes
/// and parses it and prints CoNLL-U (one <c># newdoc id</c> per document, <c># sent_id</c> and <c># text</c> per
/// sentence; MISC holds <c>SpaceAfter=No</c> and <c>TokenRange=START:END</c>, UTF-16 offsets into the cleaned text).
/// </summary>
internal static class ParseCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = CliInputs.Documents();
        var command = new Command("parse", "Tokenize, tag, lemmatize and parse documents; print CoNLL-U") { inputs };
        command.SetAction(parse => Run(env, PipelineHost.Pipeline, parse.GetValue(inputs)!));
        return command;
    }

    private static int Run(CliEnvironment env, AnalysisPipeline pipeline, string[] inputs)
    {
        var failures = new InputFailures();
        foreach (var (name, document) in CliInputs.ReadableDocuments(env, inputs, failures))
        {
            var text = pipeline.Cleaner.Clean(document).Text;
            var tokens = pipeline.Tokenizer.Tokenize(text);
            Write(env.Out, name, pipeline.Syntax.Analyze(tokens));
        }
        return failures.ExitCode;
    }

    /// <summary>Writes one document's sentences as CoNLL-U, numbering sentences from 1.</summary>
    internal static void Write(TextWriter writer, string documentName, SyntaxLayer syntax)
    {
        var tokens = syntax.Tokens;
        writer.Write($"# newdoc id = {documentName}\n");
        var sentences = tokens.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            var range = sentences[s];
            var comments = new[]
            {
                string.Create(CultureInfo.InvariantCulture, $"# sent_id = {s + 1}"),
                "# text = " + tokens.Text.Substring(range.Start, range.End - range.Start).ReplaceLineEndings(" "),
            };
            var words = new ConlluWord[range.TokenCount];
            for (int k = 0; k < words.Length; k++)
            {
                int i = range.FirstToken + k;
                var token = tokens[i];
                int head = syntax.HeadInSentence(i, range.FirstToken);
                bool spaceAfter = (token.Flags & TokenFlags.SpaceAfter) != 0;
                var misc = string.Create(CultureInfo.InvariantCulture, $"{(spaceAfter || i + 1 == tokens.TokenCount ? "" : "SpaceAfter=No|")}TokenRange={token.Start}:{token.End}");
                words[k] = new ConlluWord(tokens.TokenText(i), syntax.Lemmas[i], syntax.Upos[i].ToString(), syntax.Xpos[i], "_",
                    syntax.HasParse ? head : -1, syntax.HasParse ? syntax.Relations[i] : "_", "_", misc);
            }
            ConlluWriter.Write(writer, new ConlluSentence(comments, words, [], documentName, s == 0, false));
        }
    }
}
