"""The worked example's OSCAL documents (examples/hospital) checked against the OSCAL 1.1.2 model.

They are written by `dengbao report --format oscal` ($DENGBAO_BIN, set by CTest) with
SOURCE_DATE_EPOCH fixed; DENGBAO_SOURCE_DIR is the source tree. The checker is structural (oscal_model.py says why and what it covers).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import oscal_model  # noqa: E402

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
AT = "2026-11-29T12:00:00Z"
AT_EPOCH = "1795953600"  # = AT
NS = "https://dengbao.example/ns/oscal"


def generate(tmp, name):
    ar, poam = os.path.join(tmp, name + "-ar.json"), os.path.join(tmp, name + "-poam.json")
    system = os.path.join(SRC, "examples", "hospital", "system.yaml")
    env = dict(os.environ, SOURCE_DATE_EPOCH=AT_EPOCH)
    for kind, out in (("full", ar), ("plan", poam)):
        p = subprocess.run([BIN, "report", "--system", system, "--format", "oscal", "--kind", kind, "--output", out],
                           capture_output=True, text=True, timeout=120, env=env)
        assert p.returncode == 0, p.stderr
    with open(ar, encoding="utf-8") as f, open(poam, encoding="utf-8") as g:
        return f.read(), g.read()


class HospitalOscal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as tmp:
            cls.ar_text, cls.poam_text = generate(tmp, "a")
            cls.again = generate(tmp, "b")
        cls.ar = json.loads(cls.ar_text)
        cls.poam = json.loads(cls.poam_text)

    def test_assessment_results_fit_the_model(self):
        self.assertEqual(oscal_model.check(self.ar), [])

    def test_poam_fits_the_model(self):
        self.assertEqual(oscal_model.check(self.poam), [])

    def test_rerun_gives_the_same_files(self):
        self.assertEqual((self.ar_text, self.poam_text), self.again)

    def test_custom_props_use_the_dengbao_namespace(self):
        def walk(j):
            if isinstance(j, dict):
                for k, v in j.items():
                    if k == "props":
                        yield from v
                    else:
                        yield from walk(v)
            elif isinstance(j, list):
                for v in j:
                    yield from walk(v)
        for doc in (self.ar, self.poam):
            for p in walk(doc):
                if p["name"] != "asset-id":
                    self.assertEqual(p.get("ns"), NS, p)

    def test_result_carries_both_profiles_and_open_high_risk_cases(self):
        result = self.ar["assessment-results"]["results"][0]
        props = {(p["name"], p.get("class")): p["value"] for p in result["props"]}
        for profile in ("mlps-2021", "mlps-2025"):
            self.assertIn(("score", profile), props)
            self.assertIn(("conclusion", profile), props)
        self.assertEqual(props[("estimate", None)], "true")
        cases = {p["value"] for p in result["props"] if p["name"] == "high-risk-case" and p.get("class") == "open"}
        self.assertIn("6.4.1.2", cases)  # cleartext remote login on his-app-01 (README)

    def test_poam_has_an_item_per_plan_item_and_marks_recommended_ones(self):
        doc = self.poam["plan-of-action-and-milestones"]
        self.assertEqual(len(doc["poam-items"]), len(doc["risks"]))
        recommended = [i for i in doc["poam-items"]
                       if any(p["name"] == "recommended" for p in i.get("props", []))]
        self.assertTrue(0 < len(recommended) < len(doc["poam-items"]))
        for r in doc["risks"]:
            self.assertEqual(r["remediations"][0]["lifecycle"], "planned")

    def test_checker_catches_broken_documents(self):
        # The checker must be able to fail: each mutation breaks one rule of the model.
        def mutated(f):
            doc = copy.deepcopy(self.ar)
            f(doc["assessment-results"])
            return oscal_model.check(doc)
        result = lambda d: d["results"][0]  # noqa: E731
        cases = {
            "missing import-ap": lambda d: d.pop("import-ap"),
            "dangling href": lambda d: d["import-ap"].update(href="#" + "0" * 8 + "-0000-4000-8000-" + "0" * 12),
            "bad state": lambda d: result(d)["findings"][0]["target"]["status"].update(state="passed"),
            "bad method": lambda d: result(d)["observations"][0].update(methods=["LOOK"]),
            "unknown key": lambda d: result(d)["risks"][0].update(level="高"),
            "bad uuid": lambda d: result(d)["observations"][0].update(uuid="not-a-uuid"),
            "spaced prop name": lambda d: result(d)["props"][0].update(name="risk level"),
            "naive date-time": lambda d: result(d).update(start="2026-11-20T00:00:00"),
            "dangling risk": lambda d: result(d)["findings"].append(
                dict(result(d)["findings"][0], uuid="11111111-1111-5111-8111-111111111111",
                     **{"related-risks": [{"risk-uuid": "22222222-2222-5222-8222-222222222222"}]})),
        }
        for name, f in cases.items():
            with self.subTest(name):
                self.assertNotEqual(mutated(f), [])


if __name__ == "__main__":
    unittest.main()
