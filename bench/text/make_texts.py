#!/usr/bin/python3
"""Writes each UD treebank's running text (sentences joined as
shared/eval/sentence_f1.py joins them) to OUT_DIR/<treebank>.<lang>.txt."""
import glob, os, sys
ud, out = sys.argv[1], sys.argv[2]
LANG = {"sv_talbanken": "sv", "en_ewt": "en", "en_gum": "en", "da_ddt": "da", "no_bokmaal": "nb",
        "de_gsd": "de", "fi_tdt": "fi", "fr_gsd": "fr", "es_gsd": "es"}
os.makedirs(out, exist_ok=True)
for tb, lang in LANG.items():
    paras, cur, haspar = [], [], False
    for line in open(glob.glob(os.path.join(ud, tb, "*-ud-test.conllu"))[0], encoding="utf-8"):
        if line.startswith("# newpar") or line.startswith("# newdoc"):
            haspar = True
            if cur: paras.append(cur); cur = []
        elif line.startswith("# text = "):
            cur.append(line[9:].strip())
            if not haspar and len(cur) == 10: paras.append(cur); cur = []
    if cur: paras.append(cur)
    with open(os.path.join(out, f"{tb}.{lang}.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(" ".join(p) for p in paras))
