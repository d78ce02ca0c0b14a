#!/usr/bin/env python3
"""Drives the editor desk in headless Chromium through its forms only, over
the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages ended
by NUL on file descriptors 3 and 4, so no WebSocket library is needed). Each
step fills a form's fields and clicks its button as a person would; the pages
run no script of their own.

Steps: log in at /desk/login, open the queue and the story from its link,
drop the take of --drop (an article id), choose pull-quote candidate
--quote, write --headline and --intro, publish. Prints a JSON report (each
page's URL and status after each step) on stdout; exits 1 naming the step
that failed."""
import argparse
import json
import os
import subprocess
import sys
import time


class Browser:
    def __init__(self, profile):
        r_ours, w_chrome = os.pipe()  # chromium writes to fd 4, we read
        r_chrome, w_ours = os.pipe()  # we write, chromium reads fd 3

        def fds():
            os.dup2(r_chrome, 3)
            os.dup2(w_chrome, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(profile + ".log"), "w"))
        os.close(r_chrome)
        os.close(w_chrome)
        self.r, self.w = r_ours, w_ours
        self.buf = b""
        self.next_id = 0
        self.events = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Network.enable", session=True)

    def send(self, method, session, params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.r, 65536)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=False, **params):
        want = self.send(method, session, params)
        deadline = time.time() + 60
        while True:
            msg = self.read(deadline)
            if msg.get("id") == want:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_load(self):
        """Waits for the next page load and returns the main document's
        status."""
        deadline = time.time() + 60
        status = None
        while True:
            while self.events:
                msg = self.events.pop(0)
                m = msg.get("method")
                if m == "Network.responseReceived" and msg["params"]["type"] == "Document":
                    status = msg["params"]["response"]["status"]
                if m == "Page.loadEventFired":
                    return status
            self.events.append(self.read(deadline))

    def js(self, expr):
        r = self.call("Runtime.evaluate", session=True, expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def goto(self, url):
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        return self.wait_load()

    def submit(self, form_selector, fields, button_selector="button[type=submit]"):
        """Fills fields (name -> value; a radio's value to check) of the form
        and clicks its button: what a person does, no script of the page's."""
        self.events.clear()
        ok = self.js(f"""(() => {{
            const f = document.querySelector({json.dumps(form_selector)});
            if (!f) return false;
            const fields = {json.dumps(fields)};
            for (const [name, value] of Object.entries(fields)) {{
                const els = f.querySelectorAll(`[name="${{name}}"]`);
                if (!els.length) return false;
                for (const el of els) {{
                    if (el.type === 'radio') el.checked = el.value === value;
                    else el.value = value;
                }}
            }}
            const b = f.querySelector({json.dumps(button_selector)});
            if (!b) return false;
            b.click();
            return true;
        }})()""")
        if not ok:
            raise RuntimeError(f"no form {form_selector} with {list(fields)}")
        return self.wait_load()

    def url(self):
        return self.js("location.href")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--story", required=True, type=int)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--drop", required=True, type=int)
    ap.add_argument("--quote", required=True)
    ap.add_argument("--headline", required=True)
    ap.add_argument("--intro", required=True)
    ap.add_argument("--profile", required=True)
    a = ap.parse_args()
    report = []
    b = Browser(a.profile)
    step = "start"

    def check(status, what):
        report.append({"step": what, "status": status, "url": b.url()})
        if status not in (200,):
            raise RuntimeError(f"{what}: status {status} at {b.url()}")

    try:
        step = "login page"
        check(b.goto(a.url + "/desk"), step)  # sent to the login form
        if not b.url().endswith("/desk/login"):
            raise RuntimeError(f"the desk did not send us to log in: {b.url()}")
        step = "log in"
        check(b.submit('form[action="/desk/login"]', {"name": a.user, "password": a.password}),
              step)
        if not b.url().endswith("/desk"):
            raise RuntimeError(f"after login at {b.url()}")
        step = "open the story from the queue"
        link = f'a[href="/desk/story/{a.story}?lang={a.lang}"]'
        b.events.clear()
        if not b.js(f"(() => {{ const l = document.querySelector({json.dumps(link)});"
                    f" if (!l) return false; l.click(); return true; }})()"):
            raise RuntimeError(f"the queue has no link {link}")
        check(b.wait_load(), step)
        take = f'li[data-article="{a.drop}"]'
        step = "drop a take"
        check(b.submit(take + " form", {}), step)
        if "dropped" not in b.js(f"document.querySelector({json.dumps(take)}).className"):
            raise RuntimeError("the take is not shown dropped")
        step = "choose another pull quote"
        check(b.submit('form:has(input[name=action][value=quote])', {"quote": a.quote}), step)
        step = "write a headline"
        check(b.submit('form:has(input[name=action][value=headline])', {"text": a.headline}),
              step)
        step = "write an intro line"
        check(b.submit('form:has(input[name=action][value=intro])', {"text": a.intro}), step)
        step = "publish"
        check(b.submit('form:has(input[name=action][value=publish])', {}), step)
        report.append({"step": "history",
                       "text": b.js("document.querySelector('.desk-history').innerText")})
    except Exception as e:
        print(json.dumps(report, indent=1))
        print(f"desk_browser: {step}: {e}", file=sys.stderr)
        b.close()
        return 1
    b.close()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
