#!/usr/bin/env python3
"""UAS / LAS / UPOS / XPOS of a predicted CoNLL-U file (e.g. from `attest train jackknife`) against gold CoNLL-U files.

Gold sentences are read from the given files in order, GUM whow/fiction documents skipped (as ConlluReader.ReadTraining
does); predicted sentences are matched by `# sent_id` (every predicted sentence must have a gold one with the same
forms). Every syntactic word counts, punctuation included.

usage: score-trees.py PREDICTED.conllu GOLD.conllu [GOLD.conllu ...]
"""
import sys


def read(path, skip_excluded):
    doc = None
    sent_id, words = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    excluded = skip_excluded and doc is not None and (doc.startswith("GUM_whow") or doc.startswith("GUM_fiction"))
                    if not excluded:
                        yield sent_id, words
                sent_id, words = None, []
                continue
            if line.startswith("#"):
                if line.startswith("# newdoc"):
                    doc = line.split("=", 1)[1].strip() if "=" in line else None
                elif line.startswith("# sent_id"):
                    sent_id = line.split("=", 1)[1].strip()
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append((cols[1], cols[3], cols[4], cols[6], cols[7]))
    if words:
        yield sent_id, words


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    gold = {}
    for g in sys.argv[2:]:
        for sid, words in read(g, True):
            gold[sid] = words
    n = uas = las = upos = xpos = sents = 0
    for sid, words in read(sys.argv[1], False):
        if sid not in gold:
            sys.exit(f"predicted sentence {sid} has no gold sentence")
        gw = gold[sid]
        if [w[0] for w in gw] != [w[0] for w in words]:
            sys.exit(f"sentence {sid}: forms differ from gold")
        sents += 1
        for p, g in zip(words, gw):
            n += 1
            upos += p[1] == g[1]
            xpos += p[2] == g[2]
            if p[3] == g[3]:
                uas += 1
                las += p[4] == g[4]
    print(f"sentences {sents} (gold {len(gold)}), words {n}: UAS {100 * uas / n:.2f} LAS {100 * las / n:.2f} UPOS {100 * upos / n:.2f} XPOS {100 * xpos / n:.2f}")


if __name__ == "__main__":
    main()
