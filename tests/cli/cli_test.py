"""End-to-end tests of the `dengbao` binary: run it as a user would and check output and exit codes.

DENGBAO_BIN names the binary (set by CTest); DENGBAO_SOURCE_DIR the source tree.
"""
import collections
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
CATALOG = os.path.join(SRC, "catalogs", "gbt22239-2019")

GENERAL = {  # category: counts for levels 1..4 (DESIGN.md §1)
    "PES": [7, 15, 22, 24], "CNS": [2, 4, 8, 11], "ABS": [5, 11, 20, 21], "CES": [11, 23, 34, 36],
    "SMC": [0, 4, 12, 13], "PSS": [1, 6, 7, 7], "ORS": [3, 9, 14, 15], "HRS": [4, 7, 12, 14],
    "CMS": [9, 25, 34, 35], "MMS": [13, 31, 48, 52],
}
EXTENSIONS = {"cloud": [11, 29, 46, 49], "mobile": [5, 14, 19, 21], "iot": [4, 7, 21, 22], "ics": [9, 15, 21, 22]}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run(*args, check=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60)
    if check is not None:
        assert p.returncode == check, f"{args}: exit {p.returncode}\nstdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}"
    return p


def run_json(*args):
    p = run(*args, "--json", check=0)
    return json.loads(p.stdout)


class CatalogListTest(unittest.TestCase):
    def test_level3_counts_per_category_and_scope(self):
        for level in range(1, 5):
            units = run_json("catalog", "list", "--level", str(level))
            for u in units:
                for key in ("unit", "level", "scope", "category", "control_point", "sag", "text"):
                    self.assertIn(key, u)
                self.assertEqual(u["level"], level)
            by = collections.Counter((u["scope"], u["category"]) for u in units if u["scope"] == "general")
            for cat, counts in GENERAL.items():
                self.assertEqual(by[("general", cat)], counts[level - 1], (level, cat))
            scopes = collections.Counter(u["scope"] for u in units)
            for scope, counts in EXTENSIONS.items():
                self.assertEqual(scopes[scope], counts[level - 1], (level, scope))

    def test_numbering_gaps(self):
        ids = {u["unit"] for u in run_json("catalog", "list", "--level", "3")}
        self.assertNotIn("L3-CES1-16", ids)
        self.assertIn("L3-CES1-35", ids)
        self.assertNotIn("L3-CMS2-06", ids)

    def test_sa_selection_applies_sag_rule(self):
        full = run_json("catalog", "list", "--level", "3", "--sa", "S3A3", "--scope", "general")
        self.assertEqual(len(full), 211)
        for combo in ("S1A3", "S2A3", "S3A2", "S3A1"):
            s, a = int(combo[1]), int(combo[3])
            units = run_json("catalog", "list", "--level", "3", "--sa", combo, "--scope", "general")
            for u in units:
                want = {"S": s, "A": a, "G": 3}[u["sag"]]
                self.assertEqual(u["level"], want, (combo, u["unit"]))
            # Every S/A/G item of the grade's level is there, nothing else.
            expected = [u for lvl in {s, a, 3}
                        for u in run_json("catalog", "list", "--level", str(lvl), "--scope", "general")
                        if u["level"] == {"S": s, "A": a, "G": 3}[u["sag"]]]
            self.assertEqual(sorted(u["unit"] for u in units), sorted(u["unit"] for u in expected), combo)

    def test_disallowed_combination_fails_with_allowed_list(self):
        p = run("catalog", "list", "--level", "3", "--sa", "S1A1")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("S3A1", p.stderr)
        p = run("catalog", "list", "--level", "2", "--sa", "S3A3")
        self.assertNotEqual(p.returncode, 0)

    def test_filters(self):
        ces = run_json("catalog", "list", "--level", "3", "--category", "CES", "--scope", "general")
        self.assertEqual(len(ces), 34)
        host = run_json("catalog", "list", "--level", "3", "--target-type", "server_os")
        self.assertTrue(all("server_os" in u["objects"] for u in host))
        self.assertIn("L3-CES1-01", {u["unit"] for u in host})
        self.assertEqual(run("catalog", "list", "--category", "XYZ").returncode, 2)
        self.assertEqual(run("catalog", "list", "--level", "9").returncode, 2)


class CatalogShowStatsExportTest(unittest.TestCase):
    def test_show(self):
        u = run_json("catalog", "show", "L3-CES1-01")
        self.assertEqual(u["control_point"], "身份鉴别")
        self.assertIn("6.4.1.1", [c["id"] for c in u["cases"]])
        p = run("catalog", "show", "L3-CES1-16")
        self.assertEqual(p.returncode, 4)
        self.assertIn("L3-CES1-16", p.stderr)

    def test_stats(self):
        s = run_json("catalog", "stats")
        self.assertEqual(s["levels"]["3"]["general"]["total"], 211)
        self.assertEqual(s["levels"]["4"]["iot"]["total"], 22)
        self.assertEqual(s["high_risk_cases"], 81)
        self.assertEqual(s["total"], 629 + 315)

    def test_cases(self):
        cases = run_json("catalog", "cases")
        self.assertEqual(len(cases), 81)
        self.assertTrue(all(c["condition"] for c in cases))

    def test_export_formats_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            yml = os.path.join(d, "l3.yaml")
            run("catalog", "export", "--format", "yaml", "--level", "3", "--scope", "general", "--output", yml, check=0)
            run("catalog", "validate", yml, check=0)  # an export is itself a valid item file
            out = run("catalog", "export", "--format", "csv", "--level", "3", check=0).stdout
            rows = list(csv.DictReader(io.StringIO(out)))
            self.assertEqual(len(rows), 211 + 46 + 19 + 21 + 21)
            self.assertEqual({r["unit"] for r in rows if r["unit"] == "L3-CES1-01"}, {"L3-CES1-01"})
            j = run_json("catalog", "export", "--format", "json")
            self.assertEqual(len(j["items"]), 944)
            self.assertEqual(len(j["high_risk_cases"]), 81)
            self.assertEqual(run("catalog", "export", "--format", "pdf").returncode, 2)
            p = run("catalog", "export", "--format", "csv", "--output", os.path.join(d, "no", "such", "dir.csv"))
            self.assertEqual(p.returncode, 5)


class CatalogValidateTest(unittest.TestCase):
    def test_shipped_catalog_is_valid(self):
        run("catalog", "validate", CATALOG, check=0)

    def copy_catalog(self, d):
        dst = os.path.join(d, "cat")
        shutil.copytree(CATALOG, dst)
        return dst

    def test_duplicate_unit_in_catalog_copy_names_file_and_line(self):
        with tempfile.TemporaryDirectory() as d:
            cat = self.copy_catalog(d)
            path = os.path.join(cat, "general", "level-3.yaml")
            text = read(path)
            # Renumber the second unit to the first one's id.
            text = text.replace("unit: L3-PES1-02", "unit: L3-PES1-01", 1)
            write(path, text)
            line = text.splitlines().index("  - unit: L3-PES1-01", text.splitlines().index("  - unit: L3-PES1-01") + 1) + 1
            p = run("catalog", "validate", cat)
            self.assertEqual(p.returncode, 3)
            self.assertIn(f"level-3.yaml:{line}:", p.stderr)
            self.assertIn("L3-PES1-01", p.stderr)
            j = json.loads(run("catalog", "validate", cat, "--json").stdout)
            self.assertFalse(j["valid"])
            self.assertEqual(j["files"][0]["errors"][0]["line"], line)

    def test_yaml_syntax_error_names_file_and_line(self):
        with tempfile.TemporaryDirectory() as d:
            cat = self.copy_catalog(d)
            path = os.path.join(cat, "general", "level-2.yaml")
            lines = read(path).splitlines()
            self.assertRegex(lines[40], r"^ +[a-z_]+: ")  # a plain "key: value" line
            lines[40] = lines[40] + ": x"  # "key: value: x" is not YAML
            write(path, "\n".join(lines) + "\n")
            p = run("catalog", "validate", cat)
            self.assertEqual(p.returncode, 3)
            self.assertIn("level-2.yaml:41:", p.stderr)
            # The broken catalog is also refused by every other command that loads it.
            p = run("catalog", "stats", "--catalog", cat)
            self.assertEqual(p.returncode, 3)
            self.assertIn("level-2.yaml:41", p.stderr)

    def test_single_broken_file(self):
        p = run("catalog", "validate", os.path.join(SRC, "tests", "catalog", "broken", "duplicate-unit.yaml"))
        self.assertEqual(p.returncode, 3)
        self.assertIn("duplicate-unit.yaml:15:", p.stderr)

    def test_missing_file(self):
        p = run("catalog", "validate", "/nonexistent/x.yaml")
        self.assertEqual(p.returncode, 4)


class GradeTest(unittest.TestCase):
    MATRIX = {"rights": [1, 2, 2], "order": [2, 3, 4], "national": [3, 4, 5]}
    DEGREES = ["general", "serious", "especially-serious"]

    def test_every_cell_of_the_matrix(self):
        cells = [(o, d, lv[i]) for o, lv in self.MATRIX.items() for i, d in enumerate(self.DEGREES)]
        for bo, bd, s in cells:
            for so, sd, a in cells[::4] + [cells[-1]]:
                j = run_json("grade", "--business", f"{bo}:{bd}", "--service", f"{so}:{sd}")
                self.assertEqual((j["s"], j["a"], j["level"]), (s, a, max(s, a)), (bo, bd, so, sd))
        for bo, bd, s in cells:  # and the service side over all cells
            j = run_json("grade", "--business", "rights:general", "--service", f"{bo}:{bd}")
            self.assertEqual((j["s"], j["a"], j["level"]), (1, s, s))

    def test_filing_and_sector(self):
        j = run_json("grade", "--business", "rights:serious", "--service", "rights:serious",
                     "--sector", "tertiary-hospital-core", "--date", "2026-12-15")
        self.assertEqual(j["level"], 2)
        self.assertEqual(j["filing_due"], "2027-01-14")
        self.assertEqual(len(j["warnings"]), 1)

    def test_bad_input(self):
        self.assertEqual(run("grade", "--business", "order", "--service", "order:serious").returncode, 2)
        self.assertEqual(run("grade", "--business", "order:serious").returncode, 2)
        self.assertEqual(run("grade", "--business", "order:serious", "--service", "order:serious",
                             "--date", "2026-13-01").returncode, 2)


class CliTest(unittest.TestCase):
    def test_help_lists_every_command(self):
        out = run("--help", check=0).stdout
        for cmd in ("catalog list", "catalog show", "catalog stats", "catalog validate", "catalog export", "grade"):
            self.assertIn(cmd, out)
        self.assertIn("退出码", out)

    def test_unknown_command_and_option(self):
        self.assertEqual(run("frobnicate").returncode, 2)
        p = run("catalog", "list", "--levle", "3")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--level", p.stderr)

    def test_json_error_body(self):
        p = run("catalog", "show", "L9-XXX1-01", "--json")
        self.assertEqual(p.returncode, 4)
        self.assertEqual(json.loads(p.stdout)["error"]["code"], "NotFound")

    def test_catalog_env_and_missing_catalog(self):
        p = subprocess.run([BIN, "catalog", "stats"], capture_output=True, text=True,
                           env={**os.environ, "DENGBAO_CATALOG": "/nonexistent"})
        self.assertEqual(p.returncode, 4)
        self.assertIn("/nonexistent", p.stderr)


if __name__ == "__main__":
    unittest.main()
