"""End-to-end test of the account commands: `user password` reads the password from stdin (never
argv), enforces the policy and history, and is audited without the hash; `user unlock` lifts a
lock left in login_state by failed logins.

DENGBAO_BIN names the binary (set by CTest); DENGBAO_SOURCE_DIR the source tree.
"""
import json
import os
import sqlite3
import subprocess
import tempfile
import unittest

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")


def run(*args, stdin=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60, input=stdin)


class UserCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "d.db")
        self.url = "sqlite:" + self.db

    def tearDown(self):
        self.tmp.cleanup()

    def check(self, p, code):
        self.assertEqual(p.returncode, code, f"stdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")

    def add_user(self, login, role="secadmin"):
        self.check(run("user", "add", login, "--role", role, "--db", self.url), 0)

    def credential(self, login):
        with sqlite3.connect(self.db) as c:
            return c.execute(
                "SELECT password_hash, must_change, history FROM credentials WHERE user_id = ?", (login,)
            ).fetchone()

    def test_password_from_stdin_policy_history_and_audit(self):
        self.add_user("zhang")
        p = run("user", "password", "zhang", "--must-change", "--db", self.url, "--json",
                stdin="Initial-Pass-2026\n")
        self.check(p, 0)
        self.assertEqual(json.loads(p.stdout), {"user": "zhang", "must_change": True})
        pw_hash, must_change, history = self.credential("zhang")
        self.assertTrue(pw_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$"), pw_hash)
        self.assertEqual(must_change, "1")
        self.assertEqual(json.loads(history), [pw_hash])

        # Windows line ends are trimmed; only the first line counts.
        p = run("user", "password", "zhang", "--db", self.url, stdin="Second-Pass-2026\r\nignored\n")
        self.check(p, 0)
        self.assertIn("zhang", p.stdout)
        self.assertEqual(self.credential("zhang")[1], "0")

        # Reuse of a recent password, a weak one and one containing the login are refused (exit 2).
        p = run("user", "password", "zhang", "--db", self.url, stdin="Initial-Pass-2026\n")
        self.check(p, 2)
        self.assertIn("reuses one of the last 5 passwords", p.stderr)
        p = run("user", "password", "zhang", "--db", self.url, stdin="short\n")
        self.check(p, 2)
        self.assertIn("shorter than 12 characters", p.stderr)
        p = run("user", "password", "zhang", "--db", self.url, stdin="Zhang-is-here-42\n")
        self.check(p, 2)
        self.assertIn("contains the login", p.stderr)
        p = run("user", "password", "zhang", "--db", self.url, stdin="")
        self.check(p, 2)
        self.assertIn("stdin", p.stderr)

        # Unknown users: not found (exit 4). Nothing reads the password from argv.
        self.check(run("user", "password", "nobody", "--db", self.url, stdin="Initial-Pass-2026\n"), 4)
        p = run("user", "password", "zhang", "Some-Pass-123", "--db", self.url, stdin="Other-Pass-2026\n")
        self.check(p, 2)
        self.assertIn("never from arguments", p.stderr)

        p = run("audit", "log", "--object", "credential:", "--db", self.url, "--json")
        self.check(p, 0)
        entries = json.loads(p.stdout)
        self.assertEqual([e["action"] for e in entries], ["auth.password_changed"] * 2)
        self.assertTrue(all(e["actor"].startswith("cli:") for e in entries))
        self.assertNotIn("argon2", p.stdout)
        self.check(run("audit", "verify", "--db", self.url), 0)

    def test_unlock(self):
        self.add_user("li", "owner")
        self.check(run("user", "password", "li", "--db", self.url, stdin="Good-Password-1\n"), 0)
        with sqlite3.connect(self.db) as c:  # what six wrong passwords in `dengbao serve` leave
            c.execute("INSERT INTO login_state VALUES ('li', 0, 4102444800, '2026-01-01T00:00:00Z', '')")
        p = run("user", "unlock", "li", "--db", self.url, "--json")
        self.check(p, 0)
        self.assertEqual(json.loads(p.stdout), {"user": "li", "unlocked": True})
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("SELECT failed_count, locked_until_unix FROM login_state").fetchone(), (0, 0))
        self.assertIn("已解锁", run("user", "unlock", "li", "--db", self.url).stdout)
        self.check(run("user", "unlock", "nobody", "--db", self.url), 4)
        p = run("audit", "log", "--object", "login:li", "--db", self.url, "--json")
        self.check(p, 0)
        self.assertEqual([e["action"] for e in json.loads(p.stdout)], ["auth.unlock", "auth.unlock"])
        self.check(run("audit", "verify", "--db", self.url), 0)


if __name__ == "__main__":
    unittest.main()
