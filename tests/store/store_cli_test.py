"""End-to-end test of the store commands: import the worked example into a temp SQLite file, list
it, verify the audit trail, then change a row behind dengbao's back and check that `audit verify`
fails naming the entry.

DENGBAO_BIN names the binary (set by CTest); DENGBAO_SOURCE_DIR the source tree.
"""
import json
import os
import sqlite3
import stat
import subprocess
import tempfile
import unittest

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
SYSTEM = os.path.join(SRC, "examples", "hospital", "system.yaml")


def run(*args, env=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60, env=env)


class StoreCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "d.db")
        self.url = "sqlite:" + self.db

    def tearDown(self):
        self.tmp.cleanup()

    def check(self, p, code):
        self.assertEqual(p.returncode, code, f"stdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")

    def test_import_list_verify_then_tamper(self):
        p = run("system", "import", SYSTEM, "--db", self.url, "--json")
        self.check(p, 0)
        imported = json.loads(p.stdout)
        self.assertEqual(imported["system"], "his")
        self.assertEqual(imported["changes"], 2 + imported["targets"])  # organisation, system, targets
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode), 0o600)

        p = run("system", "import", SYSTEM, "--db", self.url, "--json")  # unchanged: no new entries
        self.check(p, 0)
        self.assertEqual(json.loads(p.stdout)["changes"], 0)

        p = run("system", "list", "--db", self.url, "--json")
        self.check(p, 0)
        systems = json.loads(p.stdout)
        self.assertEqual([s["id"] for s in systems], ["his"])
        self.assertEqual(systems[0]["grade"], "S3A3")
        self.assertEqual(systems[0]["level"], 3)
        self.assertIn("his", run("system", "list", "--db", self.url).stdout)

        p = run("audit", "verify", "--db", self.url, "--json")
        self.check(p, 0)
        verdict = json.loads(p.stdout)
        self.assertTrue(verdict["ok"])
        self.assertEqual(verdict["entries"], imported["changes"])
        self.check(run("audit", "verify", "--db", self.url), 0)

        with sqlite3.connect(self.db) as c:
            (entry,) = c.execute("SELECT max(id) FROM audit_log WHERE object = 'system:his'").fetchone()
            c.execute("UPDATE systems SET level = 2 WHERE id = 'his'")
        p = run("audit", "verify", "--db", self.url, "--json")
        self.check(p, 7)
        verdict = json.loads(p.stdout)
        self.assertFalse(verdict["ok"])
        self.assertEqual(verdict["entry"], entry)
        self.assertEqual(verdict["object"], "system:his")
        p = run("audit", "verify", "--db", self.url)
        self.check(p, 7)
        self.assertIn(f"entry {entry}", p.stderr)
        self.assertIn("system:his", p.stderr)

    def test_tampered_audit_entry_is_named(self):
        self.check(run("system", "import", SYSTEM, "--db", self.url), 0)
        with sqlite3.connect(self.db) as c:
            c.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 5")
        p = run("audit", "verify", "--db", self.url, "--json")
        self.check(p, 7)
        self.assertEqual(json.loads(p.stdout)["entry"], 5)

    def test_default_db_under_xdg_data_home(self):
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(self.tmp.name, "xdg"))
        self.check(run("system", "import", SYSTEM, env=env), 0)
        folder = os.path.join(self.tmp.name, "xdg", "dengbao")
        self.assertEqual(stat.S_IMODE(os.stat(folder).st_mode), 0o700)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(folder, "dengbao.db")).st_mode), 0o600)
        self.check(run("audit", "verify", env=env), 0)

    def test_bad_url_is_a_usage_error(self):
        p = run("system", "list", "--db", "mysql://nope")
        self.check(p, 2)


if __name__ == "__main__":
    unittest.main()


class AnchorTest(unittest.TestCase):
    """`audit head` anchors catch what the chain alone cannot: the last entries cut off together
    with their rows."""

    def test_truncated_chain_is_caught_by_the_anchor(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "a.db")
            url = "sqlite:" + db
            self.assertEqual(run("system", "import", SYSTEM, "--db", url).returncode, 0)
            head = run("audit", "head", "--db", url)
            self.assertEqual(head.returncode, 0, head.stderr)
            entry, digest = head.stdout.split()
            anchors = os.path.join(tmp, "anchors")
            with open(anchors, "w") as f:
                f.write(head.stdout)
            self.assertEqual(run("audit", "verify", "--anchor", anchors, "--db", url).returncode, 0)
            con = sqlite3.connect(db)
            obj = con.execute("SELECT object FROM audit_log WHERE id = ?", (int(entry),)).fetchone()[0]
            self.assertTrue(obj.startswith("target:"), obj)
            system, target = obj[len("target:"):].split("/")
            con.execute("DELETE FROM audit_log WHERE id = ?", (int(entry),))
            con.execute("DELETE FROM targets WHERE system_id = ? AND id = ?", (system, target))
            con.commit()
            con.close()
            self.assertEqual(run("audit", "verify", "--db", url).returncode, 0)  # the chain alone cannot tell
            p = run("audit", "verify", "--anchor", anchors, "--db", url, "--json")
            self.assertEqual(p.returncode, 7, p.stdout + p.stderr)
            self.assertEqual(json.loads(p.stdout)["entry"], int(entry))
            with open(anchors, "w") as f:
                f.write("not an anchor\n")
            self.assertEqual(run("audit", "verify", "--anchor", anchors, "--db", url).returncode, 3)
