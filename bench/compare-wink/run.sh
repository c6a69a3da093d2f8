#!/usr/bin/env bash
# Side-by-side UPOS on raw text and words/s: wink-nlp vs attest, on one CoNLL-U treebank.
# Usage: bench/compare-wink/run.sh TREEBANK.conllu   (from anywhere; needs node + npm, dotnet)
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 TREEBANK.conllu" >&2; exit 2; fi
treebank=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
wink=$(node "$here/compare.js" "$treebank")

dll="$root/src/Attest.Cli/bin/Release/net10.0/linux-x64/attest.dll"
if [ ! -f "$dll" ]; then dotnet build -c Release "$root/src/Attest.Cli" >&2; fi
attest=$(dotnet "$dll" eval tagger --treebank "$treebank" --raw --json)
# warm figure for attest: bench nlp (gold tokens, tagger alone, best round, words per CPU-second)
bench=$(dotnet "$dll" bench nlp --treebank "$treebank" --json --seconds 1)

WINK="$wink" ATTEST="$attest" BENCH="$bench" TREEBANK="$treebank" node -e '
const w = JSON.parse(process.env.WINK), a = JSON.parse(process.env.ATTEST), b = JSON.parse(process.env.BENCH);
// attest reports F1 over gold words and system tokens; accuracy on aligned words = UPOS F1 / tokens F1
const aAligned = a.tokens_f1 > 0 ? (100 * a.upos) / a.tokens_f1 : 0;
const f = (x) => x.toFixed(2), n = (x) => String(Math.round(x));
const rows = [
  ["system", "tokens F1", "UPOS F1 (raw)", "UPOS acc. on aligned words", "words/s (one cold pass)"],
  ["attest (NewsTokenizer + perceptron tagger + lemmatizer)", f(a.tokens_f1), f(a.upos), f(aAligned), n(a.words_per_second)],
  ["wink-nlp 2.4.0 + wink-eng-lite-web-model 1.8.1", f(w.tokens_f1), f(w.upos), f(w.upos_accuracy_aligned), n(w.words_per_second)],
];
console.log("treebank: " + process.env.TREEBANK + " (" + a.words + " gold words)");
console.log("| " + rows[0].join(" | ") + " |");
console.log("|" + rows[0].map(() => "---").join("|") + "|");
for (const r of rows.slice(1)) console.log("| " + r.join(" | ") + " |");
console.log("warm: wink tokenize + tag, best of 3 wall-clock passes: " + w.words_per_second_warm + " words/s; " +
  "attest tagger alone on gold tokens (bench nlp, words per CPU-second): " + b.tagger_words_per_second + " words/s");
'
