'use strict';
// Scores wink-nlp's tokenizer + POS tagger on the raw text of a CoNLL-U treebank, CoNLL 2018 style:
// the raw text is rebuilt as Attest.Text.TokenizerEvaluation.ReadGold does (# text lines; # newdoc / # newpar start
// a paragraph, joined by "\n\n"; sentences of a paragraph joined by a space), gold words get character spans (a
// multiword token whose words spell its surface, e.g. "don't" = "do" + "n't", yields its words, else it counts once as
// its first word), and a wink token is aligned to a gold word when their character spans are equal.
// Prints one JSON object. Usage: node compare.js TREEBANK.conllu
const fs = require('fs');
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');

function readGold(path) {
  const lines = fs.readFileSync(path, 'utf8').split(/\r?\n/);
  let text = '';
  const gold = []; // { start, end, upos }
  let unaligned = 0;
  let newPar = true;
  let sentText = null;
  let sentOffset = -1;
  let pos = 0;
  let mwt = null; // { first, last, start, end, words: [] }
  const find = (form) => {
    const sentEnd = sentOffset + sentText.length;
    let p = pos;
    while (p < sentEnd && /\s/.test(text[p])) p++;
    let start;
    if (text.startsWith(form, p) && p + form.length <= sentEnd) start = p;
    else {
      const rel = sentText.indexOf(form, p - sentOffset);
      if (rel < 0) return null;
      start = sentOffset + rel;
    }
    pos = start + form.length;
    return { start, end: pos };
  };
  const finishMwt = () => {
    const total = mwt.words.reduce((n, w) => n + w.form.length, 0);
    let spells = total === mwt.end - mwt.start;
    if (spells) {
      let p = mwt.start;
      for (const w of mwt.words) {
        if (text.substr(p, w.form.length).toLowerCase() !== w.form.toLowerCase()) { spells = false; break; }
        p += w.form.length;
      }
    }
    if (spells) {
      let p = mwt.start;
      for (const w of mwt.words) { gold.push({ start: p, end: p + w.form.length, upos: w.upos }); p += w.form.length; }
    } else gold.push({ start: mwt.start, end: mwt.end, upos: mwt.words[0].upos });
    mwt = null;
  };
  const finishSentence = () => { sentOffset = -1; sentText = null; mwt = null; };
  for (const line of lines) {
    if (line.length === 0) { finishSentence(); continue; }
    if (line[0] === '#') {
      if (line.startsWith('# newdoc') || line.startsWith('# newpar')) newPar = true;
      else if (line.startsWith('# text = ')) sentText = line.slice(9);
      continue;
    }
    const f = line.split('\t');
    const id = f[0];
    if (id.includes('.')) continue;
    const dash = id.indexOf('-');
    if (sentText === null) { if (dash <= 0) unaligned++; continue; }
    if (sentOffset < 0) {
      if (text.length > 0) text += newPar ? '\n\n' : ' ';
      newPar = false;
      sentOffset = text.length;
      text += sentText;
      pos = sentOffset;
    }
    if (dash > 0) {
      const first = parseInt(id.slice(0, dash), 10), last = parseInt(id.slice(dash + 1), 10);
      const span = find(f[1]);
      if (span) mwt = { first, last, start: span.start, end: span.end, words: [] };
      else { mwt = { first, last, lost: true }; unaligned += last - first + 1; }
      continue;
    }
    const wid = parseInt(id, 10);
    if (mwt && wid >= mwt.first && wid <= mwt.last) {
      if (mwt.lost) { if (wid === mwt.last) mwt = null; continue; }
      mwt.words.push({ form: f[1], upos: f[3] });
      if (wid === mwt.last) finishMwt();
      continue;
    }
    const span = find(f[1]);
    if (span) gold.push({ start: span.start, end: span.end, upos: f[3] });
    else unaligned++;
  }
  return { text, gold, unaligned };
}

function main() {
  const path = process.argv[2];
  if (!path) { console.error('usage: node compare.js TREEBANK.conllu'); process.exit(2); }
  const { text, gold, unaligned } = readGold(path);
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const run = () => {
    const doc = nlp.readDoc(text);
    const tokens = doc.tokens();
    return { values: tokens.out(its.value), spaces: tokens.out(its.precedingSpaces), tags: tokens.out(its.pos) };
  };
  // first pass cold (as `attest eval --raw` measures its single pass), then the best of three warm passes
  let t0 = process.hrtime.bigint();
  const out = run();
  const coldSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let warmSeconds = Infinity;
  for (let i = 0; i < 3; i++) {
    t0 = process.hrtime.bigint();
    run();
    warmSeconds = Math.min(warmSeconds, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  // character offsets of wink's tokens: preceding spaces + value reproduce the text
  const sys = [];
  let off = 0, offsetMisses = 0;
  for (let i = 0; i < out.values.length; i++) {
    off += out.spaces[i].length;
    const v = out.values[i];
    let start = off;
    if (text.substr(off, v.length) !== v) {
      const found = text.indexOf(v, off);
      if (found < 0) { offsetMisses++; continue; }
      start = found;
      offsetMisses++;
    }
    off = start + v.length;
    if (v.trim().length === 0) continue; // wink's whitespace tokens (paragraph breaks) are not words
    sys.push({ start, end: off, upos: out.tags[i] });
  }
  // align equal spans (both lists are sorted by start, then end)
  let g = 0, aligned = 0, correct = 0;
  for (const s of sys) {
    while (g < gold.length && (gold[g].start < s.start || (gold[g].start === s.start && gold[g].end < s.end))) g++;
    if (g < gold.length && gold[g].start === s.start && gold[g].end === s.end) {
      aligned++;
      if (gold[g].upos === s.upos) correct++;
    }
  }
  const f1 = (c) => (gold.length + sys.length === 0 ? 0 : (200 * c) / (gold.length + sys.length));
  const r2 = (x) => Math.round(x * 100) / 100;
  console.log(JSON.stringify({
    system: 'wink-nlp 2.4.0 + wink-eng-lite-web-model 1.8.1 (pipe: sbd, pos)',
    gold_words: gold.length,
    system_tokens: sys.length,
    aligned_words: aligned,
    tokens_f1: r2(f1(aligned)),
    upos: r2(f1(correct)),
    upos_accuracy_aligned: r2((100 * correct) / Math.max(aligned, 1)),
    words_per_second: Math.round(gold.length / coldSeconds),
    words_per_second_warm: Math.round(gold.length / warmSeconds),
    unaligned_gold_words: unaligned,
    offset_misses: offsetMisses,
  }, null, 2));
}

main();
