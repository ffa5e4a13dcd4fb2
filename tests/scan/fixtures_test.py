"""Table-driven runner for host fixtures: every tree under tests/fixtures/hosts/ with an
expected.yaml is copied to a temporary directory (modes.tsv applied, extend.sh run), scanned with
`dengbao scan --root`, and its rule results, unit verdicts and high-risk cases compared with the
expectations. Also checks that every rule has at least one passing and one failing fixture.

expected*.yaml (merged; several authors each own one file, contradictions are errors):
  level: 3                       # optional, default 3
  rules: {rule-id: pass|fail|not_applicable|manual|error, ...}
  units: {L3-CES1-01: compliant|partial|noncompliant|not_applicable|manual|error, ...}
  high_risk: {includes: [case ids], excludes: [case ids]}
  exit_code: 1                   # optional
  deep: true                     # optional: scan with --deep (whole-filesystem rules)
  requires_root: true            # optional: skip when not root (modes.tsv owners need chown)

A tree may also hold mtimes.tsv (path<TAB>days_ago) to age files after the copy.
"""
import collections
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import yaml

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
HOSTS = os.path.join(SRC, "tests", "fixtures", "hosts")


def expectation_files(name):
    d = os.path.join(HOSTS, name)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.startswith("expected") and f.endswith(".yaml"))


def load_expectations(name):
    """Merges expected*.yaml of a tree (several authors each own one file)."""
    merged = {"rules": {}, "units": {}, "high_risk": {"includes": [], "excludes": []}}
    for path in expectation_files(name):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        for key in ("rules", "units"):
            for k, v in (doc.get(key) or {}).items():
                if k in merged[key] and merged[key][k] != v:
                    raise AssertionError(f"{path}: {key}.{k} contradicts another expectation file")
                merged[key][k] = v
        for key in ("includes", "excludes"):
            merged["high_risk"][key] += (doc.get("high_risk") or {}).get(key, [])
        for key in ("level", "exit_code", "deep", "requires_root"):
            if key in doc:
                merged[key] = doc[key]
    return merged


def trees():
    if not os.path.isdir(HOSTS):
        return []
    return sorted(d for d in os.listdir(HOSTS)
                  if os.path.isdir(os.path.join(HOSTS, d)) and expectation_files(d))


def prepare(name, dest):
    """Copies a fixture root to dest and applies what git cannot store."""
    src = os.path.join(HOSTS, name)
    root = os.path.join(dest, "root")
    shutil.copytree(os.path.join(src, "root"), root, symlinks=True)
    modes = os.path.join(src, "modes.tsv")
    if os.path.exists(modes):
        with open(modes, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                path, mode, uid, gid = line.split("\t")
                target = os.path.join(root, path.lstrip("/"))
                if not os.path.lexists(target):
                    continue
                # chown first: changing the owner clears setuid/setgid bits.
                if os.geteuid() == 0:
                    os.lchown(target, int(uid), int(gid))
                if not os.path.islink(target):
                    os.chmod(target, int(mode, 8))
    extend = os.path.join(src, "extend.sh")
    if os.path.exists(extend):
        subprocess.run(["bash", extend, root], check=True, timeout=120)
    # mtimes.tsv: path<TAB>days_ago for files whose age matters (e.g. ClamAV signatures); git
    # checkouts make every file "now".
    mtimes = os.path.join(src, "mtimes.tsv")
    if os.path.exists(mtimes):
        now = time.time()
        with open(mtimes, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                path, days = line.split("\t")
                target = os.path.join(root, path.lstrip("/"))
                if not os.path.lexists(target):
                    raise AssertionError(f"{mtimes}: {path} does not exist in the fixture")
                t = now - float(days) * 86400
                os.utime(target, (t, t), follow_symlinks=False)
    return root


def scan(root, level=3, deep=False):
    p = subprocess.run([BIN, "scan", "--root", root, "--level", str(level), "--json"] + (["--deep"] if deep else []),
                       capture_output=True, text=True, timeout=120)
    return p


class HostFixturesTest(unittest.TestCase):
    maxDiff = None

    def test_every_tree_matches_its_expectations(self):
        names = trees()
        self.assertGreaterEqual(len(names), 4, "fixture trees with expected.yaml")
        for name in names:
            with self.subTest(tree=name), tempfile.TemporaryDirectory() as tmp:
                want = load_expectations(name)
                if want.get("requires_root") and os.geteuid() != 0:
                    continue  # modes.tsv owners (e.g. a deleted uid) can only be applied by root
                root = prepare(name, tmp)
                p = scan(root, want.get("level", 3), want.get("deep", False))
                self.assertLess(p.returncode, 10, f"{name}: crashed or failed: {p.stderr[-2000:]}")
                got = json.loads(p.stdout)
                if "exit_code" in want:
                    self.assertEqual(p.returncode, want["exit_code"], name)
                rules = {r["id"]: r for r in got["rules"]}
                for rid, status in (want.get("rules") or {}).items():
                    self.assertIn(rid, rules, f"{name}: rule {rid} not run")
                    self.assertEqual(rules[rid]["status"], status,
                                     f"{name}: rule {rid}: {json.dumps(rules[rid]['evidence'], ensure_ascii=False)[:1500]}")
                units = {u["unit"]: u for u in got["units"]}
                for uid, result in (want.get("units") or {}).items():
                    self.assertIn(uid, units, f"{name}: unit {uid} not reported")
                    self.assertEqual(units[uid]["result"], result,
                                     f"{name}: unit {uid} rules={[ (r, rules[r]['status']) for r in units[uid]['rules']]}")
                hr = set(got["high_risk"])
                for case in (want.get("high_risk") or {}).get("includes", []):
                    self.assertIn(case, hr, f"{name}: high-risk {case} expected")
                for case in (want.get("high_risk") or {}).get("excludes", []):
                    self.assertNotIn(case, hr, f"{name}: high-risk {case} not expected")

    def test_every_rule_has_a_passing_and_a_failing_fixture(self):
        p = subprocess.run([BIN, "rules", "list", "--json"], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        rule_ids = {r["id"] for r in json.loads(p.stdout)}
        seen = collections.defaultdict(set)
        for name in trees():
            for rid, status in load_expectations(name)["rules"].items():
                seen[rid].add(status)
        unknown = sorted(set(seen) - rule_ids)
        self.assertEqual(unknown, [], "expectations name rules that do not exist")
        missing = sorted(r for r in rule_ids if not {"pass", "fail"} <= seen[r])
        self.assertEqual(missing, [], "rules without both a passing and a failing fixture")


if __name__ == "__main__":
    unittest.main()
