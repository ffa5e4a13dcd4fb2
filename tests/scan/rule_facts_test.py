"""Every fact a rule reads is documented in docs/facts/*.md. A mistyped fact path would read as
"absent" and silently fail the rule; this catches it."""
import glob
import os
import re
import unittest

import yaml

SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())


def facts_in(cond, out):
    if isinstance(cond, dict):
        if "fact" in cond:
            out.add(cond["fact"])
        for v in cond.values():
            facts_in(v, out)
    elif isinstance(cond, list):
        for v in cond:
            facts_in(v, out)


class RuleFactsTest(unittest.TestCase):
    def test_rule_facts_are_documented(self):
        docs = ""
        for path in glob.glob(os.path.join(SRC, "docs", "facts", "*.md")):
            with open(path, encoding="utf-8") as f:
                docs += f.read()
        documented = set()
        for line in docs.splitlines():
            # A table cell may abbreviate siblings: `a.b.c` / `.d`, or `a.b.c`、`d`.
            tokens = re.findall(r"`(\.?[a-z0-9_<>*-]+(?:\.[a-z0-9_<>*-]+)*)`", line)
            parent = None
            for t in tokens:
                if "." in t.lstrip("."):
                    if t.startswith("."):
                        if parent:
                            documented.add(parent + t)
                        continue
                    documented.add(t)
                    parent = t.rsplit(".", 1)[0]
                elif parent and re.fullmatch(r"\.?[a-z0-9_]+", t):
                    documented.add(parent + "." + t.lstrip("."))
        patterns = [re.compile("^" + re.escape(d).replace(re.escape("<key>"), "[a-z0-9_]+")
                               .replace(re.escape("*"), "[a-z0-9_]+") + "$")
                    for d in documented if "<" in d or "*" in d]
        missing = []
        for path in sorted(glob.glob(os.path.join(SRC, "rules", "**", "*.yaml"), recursive=True)):
            with open(path, encoding="utf-8") as f:
                rule = yaml.safe_load(f)
            used = set()
            facts_in(rule.get("check"), used)
            facts_in(rule.get("applies_if"), used)
            used.update(rule.get("evidence") or [])
            for fact in used:
                if fact in documented or any(p.match(fact) for p in patterns):
                    continue
                # A documented object fact covers its members (e.g. `audit.conf` -> audit.conf.x).
                if any(fact.startswith(d + ".") for d in documented):
                    continue
                missing.append(f"{os.path.relpath(path, SRC)}: {fact}")
        self.assertEqual(missing, [], "facts used by rules but not documented in docs/facts/")


if __name__ == "__main__":
    unittest.main()
