"""The dashboard in a real browser: Playwright drives Debian's chromium against
the real `inlet` binary on a loopback port.

Usage: python3 Tests/Browser/dashboard_test.py INLET_BINARY DATABASE
(DATABASE: an SQLite path or a postgres:// URL of an empty database).
"""
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request

from playwright.sync_api import expect, sync_playwright

ADMIN_TOKEN = "inl_admin_browserTestToken0123456789abcdefABCDEF"
CHROMIUM = os.environ.get("INLET_TEST_CHROMIUM", "/usr/bin/chromium")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The inlet binary on a free loopback port, with the first start's keys."""

    def __init__(self, binary, database):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, INLET_ADMIN_TOKEN=ADMIN_TOKEN, INLET_LOG_LEVEL="error")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", database],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        banner = ""
        deadline = time.time() + 60
        while "ik_live_" not in banner or "Send a first stream item" not in banner:
            line = self.process.stdout.readline()
            if not line or time.time() > deadline:
                raise RuntimeError("inlet did not start: " + banner)
            banner += line
        self.app_key = re.search(r"wp_live_[A-Za-z0-9]+", banner).group(0)
        self.stream_key = re.search(r"ik_live_[A-Za-z0-9]+", banner).group(0)
        threading.Thread(target=self.drain_output, daemon=True).start()
        while True:
            try:
                urllib.request.urlopen(self.base + "/readyz")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    raise
                time.sleep(0.1)

    def drain_output(self):
        with self.process.stdout:
            self.process.stdout.read()

    def call(self, method, path, key=None, body=None, headers=None):
        """An API call; (status, parsed JSON or None)."""
        request = urllib.request.Request(self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Authorization", "Bearer " + (key or self.app_key))
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class CrossSitePage(http.server.BaseHTTPRequestHandler):
    """Another site's page that posts a form to the dashboard as soon as it loads."""

    target = ""

    def do_GET(self):
        page = f"""<!doctype html><form id=f method=post action="{self.target}/dashboard/developer/apps">
            <input name=org value=default><input name=slug value=evil-app><input name=csrf value=guess></form>
            <script>document.getElementById('f').submit()</script>"""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *args):
        pass


class DashboardInABrowser(unittest.TestCase):
    server: Server

    @classmethod
    def setUpClass(cls):
        cls.server = Server(sys.argv[1], sys.argv[2])
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        cls.server.stop()

    def setUp(self):
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on("console", lambda message: self.console_errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.dialogs = []
        self.dismiss_dialogs = False
        self.page.on("dialog", self.answer_dialog)

    def tearDown(self):
        self.context.close()
        self.assertEqual(self.console_errors, [], "no page logs a console error")

    def answer_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        if self.dismiss_dialogs:
            dialog.dismiss()
        else:
            dialog.accept()

    def sign_in(self):
        self.page.goto(self.server.base + "/dashboard")
        self.page.fill("#token", ADMIN_TOKEN)
        self.page.click("text=Sign in")
        self.page.wait_for_url("**/dashboard")

    def test_sign_in_refuses_a_wrong_token_and_keeps_it_out_of_urls(self):
        self.page.goto(self.server.base + "/dashboard")
        expect(self.page).to_have_url(re.compile(r"/dashboard/signin$"))
        self.page.fill("#token", "inl_admin_wrong")
        self.page.click("text=Sign in")
        expect(self.page.locator(".error")).to_have_text("That is not an admin token.")
        self.sign_in()
        expect(self.page.locator("h1")).to_have_text("Timeline")
        self.assertNotIn(ADMIN_TOKEN, self.page.url)
        cookie = next(c for c in self.context.cookies() if c["name"] == "inlet_session")
        self.assertTrue(cookie["httpOnly"])
        self.assertEqual(cookie["sameSite"], "Strict")
        self.assertIsNone(self.page.evaluate("document.cookie.match(/inlet_session/)"))
        self.page.click("text=Sign out")
        expect(self.page).to_have_url(re.compile(r"/dashboard/signin$"))

    def test_an_event_posted_through_the_api_appears_on_the_open_timeline(self):
        self.sign_in()
        expect(self.page.locator("#live-status")).to_have_text("live")
        status, answer = self.server.call("POST", "/api/v1/ingest/events", body={"events": [
            {"eventType": "deploy.finished", "category": "ci", "actor": {"email": "alex@acme.com"}, "metadata": {"service": "billing"}}]})
        self.assertEqual(status, 200)
        event_id = answer["results"][0]["id"]
        row = self.page.locator(f"li.event[id='{event_id}']")
        expect(row).to_be_visible(timeout=2000)
        expect(row.locator(".type")).to_have_text("deploy.finished")
        row.locator("summary").click()
        expect(row.locator("pre.metadata")).to_contain_text('"service":"billing"')
        # Paused, new events wait; resumed, they appear.
        self.page.click("#pause")
        status, answer = self.server.call("POST", "/api/v1/ingest/events", body={"events": [
            {"eventType": "deploy.rolled_back", "category": "ci", "actor": {"email": "alex@acme.com"}}]})
        expect(self.page.locator("#pause")).to_have_text("Resume (1 new)", timeout=2000)
        self.assertEqual(self.page.locator(f"li.event[id='{answer['results'][0]['id']}']").count(), 0)
        self.page.click("#pause")
        expect(self.page.locator(f"li.event[id='{answer['results'][0]['id']}']")).to_be_visible()

    def test_metadata_with_markup_is_shown_as_text_and_runs_nothing(self):
        hostile = {"a": "<script>window.__owned = 1</script>", "b": "<img src=x onerror=\"window.__owned = 2\">"}
        self.server.call("POST", "/api/v1/ingest/events", body={"events": [
            {"eventType": "xss.stored", "category": "test", "actor": {"email": "mallory@acme.com"}, "metadata": hostile}]})
        self.sign_in()
        stored = self.page.locator("li.event", has_text="xss.stored").first
        stored.locator("summary").click()
        expect(stored.locator("pre.metadata")).to_contain_text("<script>window.__owned = 1</script>")
        # The same through the live stream.
        self.server.call("POST", "/api/v1/ingest/events", body={"events": [
            {"eventType": "xss.live", "category": "test", "actor": {"email": "mallory@acme.com"}, "metadata": hostile}]})
        live = self.page.locator("li.event", has_text="xss.live")
        expect(live).to_be_visible(timeout=2000)
        live.locator("summary").click()
        expect(live.locator("pre.metadata")).to_contain_text('<img src=x onerror=\\"window.__owned = 2\\">')
        self.page.wait_for_timeout(300)
        self.assertIsNone(self.page.evaluate("window.__owned ?? null"))
        self.assertEqual(self.page.locator("pre.metadata img, pre.metadata script").count(), 0)

    def test_a_snapshots_metrics_appear_on_the_persons_strip(self):
        status, answer = self.server.call("POST", "/api/v1/ingest/snapshots", body={
            "snapshotType": "oncall_queue", "actor": {"email": "strip@acme.com"},
            "metrics": {"active": 2, "waiting": {"value": 5, "unit": "count", "label": "Queued now"}}})
        self.assertEqual(status, 200)
        self.sign_in()
        self.page.click("nav >> text=People")
        row = self.page.locator("tr", has_text="strip@acme.com")
        card = row.locator(".metric-card", has_text="Queued now")
        expect(card.locator(".value")).to_have_text("5")
        expect(card.locator(".unit")).to_have_text("count")
        row.locator(f"a[href*='{answer['workerId']}']").click()
        expect(self.page.locator(".snapshot .metric-card", has_text="Queued now")).to_be_visible()

    def test_a_person_is_erased_from_their_page_after_a_confirmation(self):
        status, answer = self.server.call("POST", "/api/v1/ingest/snapshots", body={
            "snapshotType": "oncall_queue", "actor": {"email": "erase@acme.com"}, "metrics": {"active": 2}})
        self.assertEqual(status, 200)
        self.sign_in()
        self.page.goto(self.server.base + f"/dashboard/people/{answer['workerId']}")
        self.dismiss_dialogs = True
        self.page.get_by_role("button", name="Erase person").click()
        # Dismissed: nothing happened.
        expect(self.page.locator("h1")).not_to_have_text("People")
        status, _ = self.server.call("GET", f"/api/v1/workers/{answer['workerId']}")
        self.assertEqual(status, 200)
        self.dismiss_dialogs = False
        self.page.get_by_role("button", name="Erase person").click()
        self.assertTrue(self.dialogs and self.dialogs[-1].startswith("Erase this person"))
        expect(self.page.locator(".notice")).to_contain_text("Person erased (era_")
        expect(self.page.locator("h1")).to_have_text("People")
        self.assertNotIn("erase@acme.com", self.page.content())
        status, _ = self.server.call("GET", f"/api/v1/workers/{answer['workerId']}")
        self.assertEqual(status, 404)

    def test_a_key_created_in_the_developer_tab_is_shown_once_works_and_revoked_gets_401(self):
        self.sign_in()
        self.page.click("nav >> text=Developer")
        self.page.locator("#app-default").get_by_role("button", name="Create key").click()
        key = self.page.locator("#secret").input_value()
        self.assertRegex(key, r"^wp_live_[A-Za-z0-9]{40}$")
        curl = self.page.locator("#curl").input_value()
        self.assertIn(key, curl)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page.locator("button[data-copy=secret]").click()
        expect(self.page.locator("button[data-copy=secret]")).to_have_text("Copied")
        # The curl line works as shown.
        result = subprocess.run(["sh", "-c", curl + " -w ' %{http_code}'"], capture_output=True, text=True, timeout=30)
        self.assertTrue(result.stdout.endswith(" 200"), result.stdout)
        status, ping = self.server.call("GET", "/api/v1/ingest/ping", key=key)
        self.assertEqual(status, 200)
        # Shown once: the list shows the prefix only.
        self.page.goto(self.server.base + "/dashboard/developer")
        self.assertNotIn(key, self.page.content())
        row = self.page.locator("tr", has=self.page.locator(f"form[action$='/keys/{ping['keyId']}/revoke']"))
        row.get_by_role("button", name="Revoke").click()
        self.assertTrue(self.dialogs and self.dialogs[-1].startswith("Revoke key"))
        expect(self.page.locator(".notice")).to_contain_text("revoked")
        status, _ = self.server.call("GET", "/api/v1/ingest/ping", key=key)
        self.assertEqual(status, 401)

    def test_a_test_event_and_a_whitelist_from_the_developer_tab(self):
        self.sign_in()
        self.page.click("nav >> text=Developer")
        app = self.page.locator("#app-default")
        app.get_by_role("button", name="Send a test event").click()
        expect(self.page.locator(".notice")).to_contain_text("Test event inlet.test sent")
        self.page.click("nav >> text=Timeline")
        expect(self.page.locator("li.event .type", has_text="inlet.test").first).to_be_visible()

    def test_stream_items_and_a_dead_letter_replay_are_visible(self):
        status, _ = self.server.call("POST", "/api/webhook/default", key=self.server.stream_key, headers={"X-Item-Key": "region"},
                                     body=[{"region": "North", "sales": 142000, "location": {"city": "Leeds"}}, {"region": "South", "sales": 98000}])
        self.assertEqual(status, 202)
        self.sign_in()
        self.page.click("nav >> text=Streams")
        self.page.click("main a[href^='/dashboard/streams/default']")
        expect(self.page.locator("th", has_text="location.city")).to_be_visible()
        expect(self.page.locator("td", has_text="Leeds")).to_be_visible()
        self.page.fill("input[name=where]", "region=South")
        self.page.click("text=Filter")
        expect(self.page.locator("tbody tr")).to_have_count(1)
        self.page.click("tbody >> text=South")
        expect(self.page.locator("td", has_text="98000")).to_be_visible()

        self.server.call("POST", "/org-units/active", body={"ouId": "unit_default"})
        status, _ = self.server.call("POST", "/ingest", body={"lead_id": "wrk_nobody", "event_type": "page_view"})
        self.assertEqual(status, 202)
        self.page.click("nav >> text=Dead letters")
        letter = self.page.locator("li.letter", has_text="unknown_lead").first
        # The lead processor works after the answer: reload until it has.
        deadline = time.time() + 10
        while letter.count() == 0 and time.time() < deadline:
            self.page.wait_for_timeout(100)
            self.page.reload()
        expect(letter).to_be_visible()
        letter.locator("summary").click()
        expect(letter.locator("pre.metadata")).to_contain_text("wrk_nobody")
        letter.get_by_role("button", name="Replay").click()
        expect(self.page.locator(".notice")).to_contain_text("queued again")

    def test_a_cross_site_form_post_is_refused(self):
        self.sign_in()
        CrossSitePage.target = self.server.base
        other = http.server.HTTPServer(("127.0.0.1", 0), CrossSitePage)
        threading.Thread(target=other.serve_forever, daemon=True).start()
        try:
            # localhost and 127.0.0.1 are different sites to the browser.
            self.page.goto(f"http://localhost:{other.server_address[1]}/")
            self.page.wait_for_url(re.compile(r"/dashboard/developer/apps$"))
            expect(self.page.locator("h1")).to_contain_text("403")
        finally:
            other.shutdown()
        self.console_errors = [e for e in self.console_errors if "403" not in e]
        self.page.goto(self.server.base + "/dashboard/developer")
        self.assertNotIn("evil-app", self.page.content())

    def test_every_page_renders_at_desktop_and_phone_widths(self):
        self.sign_in()
        for width in (1280, 390):
            self.page.set_viewport_size({"width": width, "height": 900})
            for tab in ("Timeline", "People", "Leads", "Streams", "Dead letters", "Developer"):
                self.page.click(f"nav >> text={tab}")
                expect(self.page.locator("h1")).to_have_text(tab)
                overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                self.assertLessEqual(overflow, 0, f"{tab} at {width}px scrolls sideways")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
