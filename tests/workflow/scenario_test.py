"""The scripted scenario of issue #5, run through the binary on SQLite and on a real PostgreSQL
server, which must give the same results: grade and file a system, run a round, plan, move items
through the lifecycle (a re-check that still fails refuses the close), miss a deadline and see the
escalation, inspect, report an incident, verify the audit trail, back up and restore across
backends. Also: SIGKILL in the middle of a bulk import, and a row changed behind dengbao's back.

DENGBAO_BIN names the binary, DENGBAO_SOURCE_DIR the source tree (set by CTest). The PostgreSQL
half starts its own server with scripts/pg-test-server.sh (DENGBAO_NO_PG=1 skips it).
"""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
EXAMPLE = os.path.join(SRC, "examples", "hospital")
SYSTEM = os.path.join(EXAMPLE, "system.yaml")
NO_PG = os.environ.get("DENGBAO_NO_PG") == "1"
ROUND = "his-2026-self_check"
SU_ITEM = "L3-CES1-08@his-app-01"  # su not restricted to wheel: one automatic rule


def run(args, today=None, check=None, timeout=120):
    env = dict(os.environ)
    if today:
        env["DENGBAO_TODAY"] = today
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout, env=env)
    if check is not None and p.returncode != check:
        raise AssertionError(f"{args}: exit {p.returncode}, expected {check}\nstdout: {p.stdout[:3000]}\n"
                             f"stderr: {p.stderr[:3000]}")
    return p


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def prepare_root(dest):
    """his-app-01's host tree, copied (owners/modes do not matter to the su rule)."""
    shutil.copytree(os.path.join(EXAMPLE, "hosts", "his-app-01", "root"), dest, symlinks=True)


# Volatile fields: real clock times of audit entries and of scans, and values derived from them.
VOLATILE = {"scanned_at", "duration_ms", "created_at_real", "hash", "prev_hash"}


def normalise(value):
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


class Scenario:
    """Runs the scenario against one database URL and collects each step's JSON output."""

    def __init__(self, url, work):
        self.url, self.work, self.outputs = url, work, []

    def step(self, name, args, today, code=0, keep=True):
        p = run([*args, "--db", self.url, "--json"], today=today, check=code)
        if keep:
            text = p.stdout.strip()
            try:
                out = json.loads(text) if text else None
            except json.JSONDecodeError:  # JSON lines (system import)
                out = [json.loads(line) for line in text.splitlines()]
            self.outputs.append((name, normalise(out)))
        return p

    def play(self, fixed_scan, failing_scan):
        s = self.step
        s("import", ["system", "import", SYSTEM], "2026-10-01")
        s("manager", ["user", "add", "zhang", "--role", "secadmin", "--name", "张主任"], "2026-10-01")
        s("owner", ["user", "add", "wang", "--role", "owner", "--name", "王工", "--manager", "zhang"], "2026-10-01")
        s("auditor", ["user", "add", "audit1", "--role", "auditor", "--name", "审计员"], "2026-10-01")
        s("grade", ["system", "grade", "his", "--business", "order:serious", "--service", "order:serious",
                    "--date", "2026-10-01", "--rationale", "三级甲等医院核心业务系统"], "2026-10-01")
        s("filing overdue", ["system", "show", "his"], "2026-11-02")
        s("file", ["system", "file", "his", "--number", "33010099999-00001", "--police", "市公安局网安支队",
                   "--date", "2026-11-02"], "2026-11-02")
        s("round", ["round", "start", "his", "--year", "2026"], "2026-11-20")
        s("round import", ["round", "import", ROUND, "--system", SYSTEM], "2026-11-20")
        s("assign", ["item", "assign", ROUND, SU_ITEM, "--owner", "wang", "--deadline", "2026-12-01"], "2026-11-20")
        for status in ["planned", "in_progress", "awaiting_verification"]:
            s(status, ["item", "move", ROUND, SU_ITEM, status, "--as", "wang"], "2026-11-21")
        # The re-check still fails on the target: no close.
        s("close refused", ["item", "move", ROUND, SU_ITEM, "closed", "--verifier", "audit1",
                            "--scan", failing_scan], "2026-11-22", code=3, keep=False)
        s("close", ["item", "move", ROUND, SU_ITEM, "closed", "--verifier", "audit1", "--scan", fixed_scan,
                    "--as", "audit1"], "2026-11-22")
        s("item history", ["item", "show", ROUND, SU_ITEM], "2026-11-22")
        # A missed deadline: due 2026-11-25, seen on 2026-12-03 (8 days late: 督办 to the manager).
        other = "L3-CES1-08@his-app-02"
        s("assign other", ["item", "assign", ROUND, other, "--owner", "wang", "--deadline", "2026-11-25"],
          "2026-11-20")
        s("overdue", ["item", "list", "--overdue"], "2026-12-03")
        s("due", ["due"], "2026-12-03")
        for name, args, today, code in self.extra_steps():
            s(name, args, today, code)
        s("verify", ["audit", "verify"], "2026-12-03")

    def extra_steps(self):
        """Inspection and incident steps (the operations commands)."""
        answers = os.path.join(self.work, "answers.yaml")
        return [
            ("schedule", ["inspect", "schedule", "room-daily", "--template", "machine-room-daily",
                          "--start", "2026-11-20", "--owner", "wang"], "2026-11-20", 0),
            ("inspect", ["inspect", "run", "room-daily", "--date", "2026-11-20", "--inspector", "wang",
                         "--answers", answers], "2026-11-20", 0),
            ("hazards", ["hazard", "list"], "2026-12-03", 0),
            ("incident", ["incident", "open", "--system", "his", "--title", "HIS 数据库遭勒索软件加密",
                          "--grade", "较大", "--operator", "cii", "--discovered", "2026-12-03T01:00:00Z"],
             "2026-12-03", 0),
            ("incidents", ["incident", "list"], "2026-12-03", 0),
        ]


def machine_room_answers(path):
    """Every item of machine-room-daily answered normally, except the temperature (too hot)."""
    templates = json.loads(run(["inspect", "templates", "--json"], check=0).stdout)
    template = next(t for t in templates if t["id"] == "machine-room-daily")
    lines = []
    for item in template["items"]:
        if item["kind"] == "number":
            lo, hi = item.get("min"), item.get("max")
            if item["id"] == "temperature":
                value = (hi if hi is not None else 30) + 8
            else:
                value = ((lo or 0) + (hi if hi is not None else (lo or 0) + 2)) / 2
            lines.append(f"{item['id']}: {value}")
        elif item["kind"] == "text":
            lines.append(f"{item['id']}: 无")
        else:
            lines.append(f"{item['id']}: 正常")
    write(path, "\n".join(lines) + "\n")


class ScenarioTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dengbao-scenario-")
        root = os.path.join(cls.tmp, "root")
        prepare_root(root)
        cls.failing_scan = os.path.join(cls.tmp, "failing.json")
        with open(cls.failing_scan, "w") as f:
            f.write(run(["scan", "--root", root, "--json"]).stdout)
        su = os.path.join(root, "etc", "pam.d", "su")
        text = read(su)
        fixed = re.sub(r"^#\s*(auth\s+required\s+pam_wheel\.so use_uid)", r"\1", text, flags=re.M)
        assert fixed != text
        write(su, fixed)
        cls.fixed_scan = os.path.join(cls.tmp, "fixed.json")
        with open(cls.fixed_scan, "w") as f:
            f.write(run(["scan", "--root", root, "--json"]).stdout)
        machine_room_answers(os.path.join(cls.tmp, "answers.yaml"))
        cls.pg_dir = None
        cls.pg_url = None
        if not NO_PG:
            p = subprocess.run([os.path.join(SRC, "scripts", "pg-test-server.sh"), "start"], capture_output=True,
                               text=True, timeout=120)
            if p.returncode != 0:
                raise RuntimeError("cannot start PostgreSQL: " + p.stderr)
            cls.pg_url, cls.pg_dir = p.stdout.split("\n")[:2]

    @classmethod
    def tearDownClass(cls):
        if cls.pg_dir:
            subprocess.run([os.path.join(SRC, "scripts", "pg-test-server.sh"), "stop", cls.pg_dir], timeout=120)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def play(self, url):
        sc = Scenario(url, self.tmp)
        sc.play(self.fixed_scan, self.failing_scan)
        return sc.outputs

    def check_outcomes(self, outputs):
        out = dict(outputs)
        self.assertEqual(out["filing overdue"]["filing_state"]["stage"], "overdue")
        self.assertEqual(out["filing overdue"]["filing_state"]["days_overdue"], 2)
        self.assertEqual(out["file"]["certificate_expiry"], "2029-11-02")
        self.assertGreater(out["round import"]["items_new"], 100)
        self.assertEqual(out["close"]["status"], "closed")
        history = [e["note"] for e in out["item history"]["events"]]
        self.assertTrue(any("复验未通过" in n for n in history), history)
        self.assertTrue(any("复验通过" in n for n in history), history)
        self.assertEqual(len(out["item history"]["evidence"]), 2)
        overdue = {i["id"]: i for i in out["overdue"]}
        self.assertIn("L3-CES1-08@his-app-02", overdue)
        late = overdue["L3-CES1-08@his-app-02"]
        self.assertEqual(late["deadline_state"]["days_overdue"], 8)
        self.assertEqual(late["deadline_state"]["stage"], "escalated")
        self.assertEqual(late["escalate_to"], "zhang")
        self.assertEqual(out["due"]["today"], "2026-12-03")
        self.assertTrue(any(d["object"].endswith("L3-CES1-08@his-app-02") for d in out["due"]["due"]))
        self.assertTrue(out["verify"]["ok"])
        hazards = out["hazards"]
        hazards = hazards.get("hazards", hazards) if isinstance(hazards, dict) else hazards
        self.assertEqual(len(hazards), 1, hazards)
        self.assertEqual(hazards[0]["check_item"], "temperature")
        incidents = out["incidents"]
        incidents = incidents.get("incidents", incidents) if isinstance(incidents, dict) else incidents
        self.assertEqual(incidents[0]["deadline_at"], "2026-12-03T02:00:00Z")  # CII, 较大: 1 hour

    def test_same_results_on_sqlite_and_postgresql(self):
        lite = self.play("sqlite:" + os.path.join(self.tmp, "scenario.db"))
        self.check_outcomes(lite)
        if NO_PG:
            self.skipTest("DENGBAO_NO_PG=1: PostgreSQL half skipped")
        pg = self.play(self.pg_url)
        self.check_outcomes(pg)
        self.assertEqual([n for n, _ in lite], [n for n, _ in pg])
        for (name, a), (_, b) in zip(lite, pg):
            self.assertEqual(a, b, f"step '{name}' differs between SQLite and PostgreSQL")
        # A backup of either restores into the other, with the audit trail intact.
        pg_backup = os.path.join(self.tmp, "pg.dbk")
        run(["backup", "--output", pg_backup, "--db", self.pg_url], check=0)
        restored = "sqlite:" + os.path.join(self.tmp, "from-pg.db")
        run(["restore", pg_backup, "--db", restored], check=0)
        v = json.loads(run(["audit", "verify", "--db", restored, "--json"], check=0).stdout)
        self.assertTrue(v["ok"])

    def test_sigkill_during_bulk_import_loses_no_committed_system(self):
        files = []
        text = read(SYSTEM)
        for i in range(60):
            path = os.path.join(self.tmp, f"sys-{i:03}.yaml")
            body = re.sub(r"^(\s+)id: his$", rf"\g<1>id: his-{i:03}", text, count=1, flags=re.M)
            body = body.replace("questionnaire.yaml", os.path.join(EXAMPLE, "questionnaire.yaml"))
            body = re.sub(r"scans/", os.path.join(EXAMPLE, "scans") + "/", body)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            files.append(path)
        db = os.path.join(self.tmp, "bulk.db")
        p = subprocess.Popen([BIN, "system", "import", *files, "--db", "sqlite:" + db, "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        committed = []
        while len(committed) < 10:
            line = p.stdout.readline()
            if not line:
                break
            committed.append(json.loads(line))
        p.send_signal(signal.SIGKILL)
        rest = p.stdout.read()
        p.wait()
        p.stdout.close()
        stderr = p.stderr.read()
        p.stderr.close()
        committed += [json.loads(line) for line in rest.splitlines() if line.strip()]
        self.assertEqual(p.returncode, -signal.SIGKILL, stderr)
        self.assertGreaterEqual(len(committed), 10)
        self.assertLess(len(committed), len(files), "the import finished before the kill; nothing was tested")
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        for c in committed:  # every reported system is there whole
            n = con.execute("SELECT count(*) FROM targets WHERE system_id = ?", (c["system"],)).fetchone()[0]
            self.assertEqual(n, c["targets"], c["system"])
        stored = {r[0] for r in con.execute("SELECT id FROM systems")}
        for sid in stored:  # and nothing is half-written
            n = con.execute("SELECT count(*) FROM targets WHERE system_id = ?", (sid,)).fetchone()[0]
            self.assertEqual(n, committed[0]["targets"], sid)
        con.close()
        v = json.loads(run(["audit", "verify", "--db", "sqlite:" + db, "--json"], check=0).stdout)
        self.assertTrue(v["ok"])
        # The interrupted import simply runs again.
        run(["system", "import", *files, "--db", "sqlite:" + db], check=0)
        self.assertTrue(json.loads(run(["audit", "verify", "--db", "sqlite:" + db, "--json"], check=0).stdout)["ok"])

    def test_item_row_changed_in_the_file_is_named_by_audit_verify(self):
        db = os.path.join(self.tmp, "tamper.db")
        url = "sqlite:" + db
        run(["system", "import", SYSTEM, "--db", url], today="2026-11-20", check=0)
        run(["round", "start", "his", "--year", "2026", "--db", url], today="2026-11-20", check=0)
        run(["round", "import", ROUND, "--system", SYSTEM, "--db", url], today="2026-11-20", check=0)
        con = sqlite3.connect(db)
        con.execute("UPDATE items SET status = 'closed' WHERE id = ?", (SU_ITEM,))
        con.commit()
        con.close()
        p = run(["audit", "verify", "--db", url, "--json"], check=7)
        v = json.loads(p.stdout)
        self.assertFalse(v["ok"])
        self.assertEqual(v["object"], f"item:{ROUND}/{SU_ITEM}")
        self.assertGreater(v["entry"], 0)
        self.assertIn(f"item:{ROUND}/{SU_ITEM}", p.stderr)


if __name__ == "__main__":
    unittest.main()
