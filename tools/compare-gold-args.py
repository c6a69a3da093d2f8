#!/usr/bin/env python3
"""Per gold event: the output event score-gold.py matches (or the candidates in its sentence), with source and
target codes side by side. Shows which gold events get a wrong source (then unmatched) or target.

usage: compare-gold-args.py --attest 'COMMAND' DIR_OR_GOLD_FILE...
"""
import argparse, importlib.util, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("sg", os.path.join(here, "..", "..", "shared", "tools", "score-gold.py"))
sg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sg)


def describe(doc, ev):
    t = ev.get("trigger") or {}
    return (f"{ev['id']} {sg.code_of(doc, ev.get('source'))}->{sg.code_of(doc, ev.get('target'))} {ev.get('cameo')} "
            f"{t.get('text')!r} src={(ev.get('source') or {}).get('text')!r} tgt={(ev.get('target') or {}).get('text')!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--attest", required=True)
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    golds = []
    for p in a.paths:
        golds += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".gold.json")) if os.path.isdir(p) else [p]
    for gp in golds:
        gold = json.load(open(gp, encoding="utf-8"))
        out = sg.run_attest(a.attest, os.path.join(os.path.dirname(gp), gold["document"]), gold.get("date"))
        doc = sg.Doc(out)
        events = out.get("events", [])
        print(f"== {gold['document']}")
        used = set()
        for g in gold.get("events", []):
            sents = set(doc.locate(g["contains"]))
            in_sent = [ev for ev in events if doc.sentence_of((ev.get("trigger") or {}).get("start", -1)) in sents]
            cands = [ev for ev in in_sent
                     if (ev.get("root") or ev.get("cameo", "")[:2]) in g["root"]
                     and sg.code_of(doc, ev.get("source")).startswith(g["source"].upper())]
            want = f"{g['id']} want {g['source']}->{g.get('target')} {g['root']} {g['contains']!r}"
            if cands:
                best = sorted(cands, key=lambda ev: ev["id"] in used)[0]
                used.add(best["id"])
                tok = not g.get("target") or sg.code_of(doc, best.get("target")).startswith(g["target"].upper())
                print(("  ok    " if tok else "  TARGET ") + want + "\n        got " + describe(doc, best))
            else:
                print("  MISS  " + want)
                for ev in in_sent:
                    print("        in sentence: " + describe(doc, ev))


if __name__ == "__main__":
    main()
