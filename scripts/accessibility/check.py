"""The kiosk screen in real headless Chromium: axe-core finds no WCAG 2.1 A/AA violation
on a page, at normal and at 200 % text size without loss of content; the guest flow
works by keyboard alone; and a visitor's whole session runs end to end (start, a
service, the idle warning, the time-out, the wipe), with or without the hub. Prints what
it checked; exits 1 with the reasons on any failure."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import axe_playwright_python
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def browser(*extra):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,800", "--lang=nl") + extra:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


AXE = open(os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")).read()


def axe_violations(driver):
    driver.execute_script(AXE)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, " + json.dumps({"runOnly": {"type": "tag", "values": TAGS}}) + ")"
        ".then(function (r) { done(r); }).catch(function (e) { done({error: String(e)}); });")
    if "error" in result:
        raise RuntimeError("axe failed: " + result["error"])
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3]) + ")"
            for v in result["violations"]]


def content_lost(driver):
    """At 200 % text: no sideways scrolling, and every control inside the window's width."""
    problems = []
    if driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
        problems.append("the page scrolls sideways at 200 % text")
    hidden = driver.execute_script("""
        // A data table may scroll sideways inside its own focusable region (WCAG 1.4.10
        // exempts two-dimensional layouts): what is in one is reachable, not lost.
        return Array.from(document.querySelectorAll('button, a:not(.skip), h1, p')).filter(e => {
            if (e.closest('[role=region][tabindex]')) return false;
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1);
        }).map(e => e.textContent.trim().slice(0, 40));""")
    problems += [f"cut off at 200 % text: {text}" for text in hidden]
    return problems


def audit_page(driver, name):
    """axe on the page the driver shows, at normal text and at 200 %, and no content lost."""
    failures = [f"{name}: {v}" for v in axe_violations(driver)]
    # 200 % text size: what a visitor with low vision sets (WCAG 1.4.4).
    driver.execute_script("document.documentElement.style.fontSize = '250%'")
    failures += [f"{name} at 200 %: {v}" for v in axe_violations(driver)]
    return failures + [f"{name}: {p}" for p in content_lost(driver)]


def audit(url, name):
    driver = browser()
    try:
        driver.get(url)
        return audit_page(driver, name)
    finally:
        driver.quit()


def helper(url, code):
    """The helper's second screen: the code typed by keyboard joins; the joined view then
    passes axe at 100 % and 200 % text."""
    driver = browser()
    try:
        driver.get(url)
        field = driver.find_element(By.ID, "code")
        field.send_keys(code)
        field.send_keys(Keys.ENTER)
        if not wait_for(driver, lambda: "categories" in driver.page_source):
            return [f"helper: the code {code} typed and sent did not join"]
        return audit_page(driver, "helper-joined")
    finally:
        driver.quit()


def keyboard(url):
    """Start as guest, reach the services and stop, with Tab and Enter only."""
    driver = browser()
    failures = []
    try:
        driver.get(url)
        def tab_to(text, limit=30):
            for _ in range(limit):
                ActionChains(driver).send_keys(Keys.TAB).perform()
                active = driver.switch_to.active_element
                if text in (active.text or ""):
                    return active
            return None
        start = tab_to("Beginnen als gast")
        if start is None:
            return ["keyboard: Tab never reaches 'Beginnen als gast'"]
        outline = driver.execute_script(
            "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth")
        if outline.startswith("none"):
            failures.append(f"keyboard: the focused button shows no outline ({outline})")
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        if "Stoppen" not in driver.page_source:
            return failures + ["keyboard: Enter on 'Beginnen als gast' did not start a session"]
        if tab_to("DigiD") is None:
            failures.append("keyboard: Tab never reaches the DigiD tile")
        driver.get(url)  # back to the top of the page, as after opening a service
        stop = tab_to("Stoppen")
        if stop is None:
            return failures + ["keyboard: Tab never reaches 'Stoppen'"]
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        if "Alles is gewist" not in driver.page_source:
            failures.append("keyboard: Enter on 'Stoppen' did not end the session")
    finally:
        driver.quit()
    return failures


def desk(url, tag):
    """The lending desk by keyboard, as staff work it (a card was tapped before): the
    barcode scanner types the tag into the focused field and Enter lends; the device is
    taken back, its wipe recorded, a conflict settled; every page passes axe at 100 % and
    200 % text, in Dutch and in English."""
    driver = browser()
    failures = []
    def audit_here(name):
        failures.extend(audit_page(driver, name))
        driver.execute_script("document.documentElement.style.fontSize = ''")
    try:
        driver.get(url)
        audit_here("desk-home-card-read")
        driver.get(url)
        field = driver.switch_to.active_element
        if field.get_attribute("id") != "lend-tag":
            return [f"desk: the focus is not on the lend field but on {field.get_attribute('id')!r}"]
        field.send_keys(tag + Keys.ENTER)  # what a barcode scanner types
        if not wait_for(driver, lambda: "is uitgeleend tot" in driver.page_source):
            return [f"desk: scanning {tag} did not lend it: {driver.find_element(By.TAG_NAME, 'main').text[:300]}"]
        audit_here("desk-lent")
        driver.find_element(By.ID, "return-tag").send_keys(tag)
        condition = driver.find_element(By.ID, "return-condition")
        condition.send_keys("lader mist" + Keys.ENTER)
        if not wait_for(driver, lambda: "is ingenomen" in driver.page_source):
            return failures + [f"desk: taking {tag} back failed: {driver.find_element(By.TAG_NAME, 'main').text[:300]}"]
        driver.get(url + "wipes")
        audit_here("desk-wipes")
        driver.find_element(By.ID, f"operator-{tag}").send_keys("JdV" + Keys.ENTER)
        if not wait_for(driver, lambda: "is gewist" in driver.page_source):
            failures.append(f"desk: recording the wipe of {tag} failed: {driver.find_element(By.TAG_NAME, 'main').text[:300]}")
        for page in ("overdue", "devices", "conflicts"):
            driver.get(url + page)
            audit_here(f"desk-{page}")
        radios = driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name=keep]")
        if len(radios) < 3:
            return failures + [f"desk: the conflict shows {len(radios)} choices, not both loans and 'all stand'"]
        radios[0].send_keys(Keys.SPACE)
        note = driver.find_element(By.CSS_SELECTOR, "textarea[name=note]")
        note.send_keys("Bij de lener nagevraagd")
        note.find_element(By.XPATH, "./ancestor::form//button").send_keys(Keys.ENTER)
        if not wait_for(driver, lambda: "Het conflict is opgelost" in driver.page_source):
            failures.append(f"desk: settling the conflict failed: {driver.find_element(By.TAG_NAME, 'main').text[:300]}")
        audit_here("desk-conflict-settled")
        driver.find_element(By.CSS_SELECTOR, "button[name=lang]").send_keys(Keys.ENTER)
        if not wait_for(driver, lambda: '<html lang="en">' in driver.page_source):
            failures.append("desk: the language button did not switch to English")
        audit_here("desk-english")
    finally:
        driver.quit()
    return failures


def console(base, admin, admin_password, staff, staff_password, own, other):
    """The hub's fleet console by keyboard: log in (the name field has the focus, Tab to the
    password, Enter), every page of an admin passes axe at 100 % and 200 % text, an alert
    is marked seen with Enter, the language switches; then staff of one branch see their
    terminals only and another branch's terminal is refused."""
    driver = browser()
    failures = []
    def audit_here(name):
        failures.extend(audit_page(driver, name))
        driver.execute_script("document.documentElement.style.fontSize = ''")
    def log_in(name, password):
        driver.get(base + "/console")
        if not driver.current_url.endswith("/console/login"):
            return f"console: /console without a log-in went to {driver.current_url}, not the log-in page"
        field = driver.switch_to.active_element
        if field.get_attribute("id") != "name":
            return f"console: the focus is not on the name field but on {field.get_attribute('id')!r}"
        field.send_keys(name)
        ActionChains(driver).send_keys(Keys.TAB).perform()
        driver.switch_to.active_element.send_keys(password + Keys.ENTER)
        if not wait_for(driver, lambda: driver.current_url.rstrip("/").endswith("/console")):
            return f"console: logging in as {name} failed: {driver.find_element(By.TAG_NAME, 'main').text[:300]}"
        return None
    try:
        driver.get(base + "/console/login")
        audit_here("console-login")
        problem = log_in(admin, admin_password)
        if problem:
            return [problem]
        if own not in driver.page_source or other not in driver.page_source:
            failures.append(f"console: the admin's overview lacks {own} or {other}")
        audit_here("console-overview")
        for page in ("terminals/" + own, "rollouts", "audit", "statistics", "alerts"):
            driver.get(base + "/console/" + page)
            audit_here("console-" + page.split("/")[0])
        seen = driver.find_elements(By.CSS_SELECTOR, "form[action$='/acknowledge'] button")
        if not seen:
            failures.append("console: no alert to mark as seen")
        else:
            seen[0].send_keys(Keys.ENTER)
            if not wait_for(driver, lambda: "user:" + admin in driver.page_source):
                failures.append("console: Enter on 'Gezien' did not mark the alert")
            audit_here("console-alert-seen")
        driver.find_element(By.CSS_SELECTOR, "button[name=lang]").send_keys(Keys.ENTER)
        if not wait_for(driver, lambda: '<html lang="en">' in driver.page_source):
            failures.append("console: the language button did not switch to English")
        audit_here("console-english")
        driver.find_element(By.XPATH, "//form[@action='/console/logout']//button").send_keys(Keys.ENTER)
        if not wait_for(driver, lambda: driver.current_url.endswith("/console/login")):
            failures.append("console: logging out did not return to the log-in page")
        problem = log_in(staff, staff_password)
        if problem:
            return failures + [problem]
        if own not in driver.page_source or other in driver.page_source:
            failures.append(f"console: staff see {other} or miss {own}")
        driver.get(base + "/console/terminals/" + other)
        if "not your branch" not in driver.page_source and "niet van uw vestiging" not in driver.page_source:
            failures.append(f"console: staff were not refused {other}: {driver.find_element(By.TAG_NAME, 'main').text[:200]}")
        audit_here("console-refused")
    finally:
        driver.quit()
    return failures


SERVICE_HOST = "dienst.loket.test"
SERVICE_TEXT = "LOKET-DIENST-GEOPEND"


def serve_service(folder):
    """A stand-in for a government service: HTTPS on loopback with a throwaway certificate
    (the browser maps the service's name to it). Answers its port."""
    import http.server
    import ssl
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", os.path.join(folder, "key.pem"), "-out", os.path.join(folder, "cert.pem"),
                    "-days", "1", "-subj", "/CN=" + SERVICE_HOST], check=True, capture_output=True)

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = f"<!DOCTYPE html><html lang=nl><title>Dienst</title><p>{SERVICE_TEXT}</p></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem"))
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def control(base, path):
    """Asks the test that runs the agent to move its clock, stop or start the hub, or sync."""
    with urllib.request.urlopen(urllib.request.Request(base + path, method="POST"), timeout=120) as answer:
        return answer.read().decode()


def wait_for(driver, test, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if test():
                return True
        except Exception:
            pass
        time.sleep(0.2)
    return False


def bar_text(driver):
    """The session bar's text on a service page ('' when it is not there)."""
    return driver.execute_script(
        "var h = document.getElementById('loket-session-bar');"
        "return h && h.shadowRoot && h.isConnected ? h.shadowRoot.textContent : '';")


def bar_element(driver, selector):
    return driver.execute_script(
        "var h = document.getElementById('loket-session-bar');"
        "return h && h.shadowRoot ? h.shadowRoot.querySelector(arguments[0]) : null;", selector)


def end_to_end(url, base, idle, warning, outage, extension, extension_id):
    """A guest's session from the start screen back to it: a service opens with the
    session bar (the extension) on it, a key there counts as the visitor being busy, the
    idle warning shows over the service and "I am still here" keeps the session; back on
    the kiosk screen the warning shows again, the time-out ends the session, the wipe runs
    and the end screen says so. With `outage` the hub is stopped after the service opened
    and started again at the end: nothing waits for it."""
    failures = []
    folder = tempfile.mkdtemp(prefix="loket-e2e-")
    service = serve_service(folder)
    port = service.server_address[1]
    driver = browser("--ignore-certificate-errors", f"--host-resolver-rules=MAP {SERVICE_HOST} 127.0.0.1:{port}",
                     f"--load-extension={extension}")
    try:
        driver.get(url + "?start=1")
        driver.find_element(By.XPATH, "//button[normalize-space()='Beginnen als gast']").click()
        if not wait_for(driver, lambda: "Stoppen" in driver.page_source):
            return ["e2e: 'Beginnen als gast' did not start a session"]
        tiles = driver.find_elements(By.CSS_SELECTOR, f"a.tile[href^='https://{SERVICE_HOST}']")
        if not tiles:
            return ["e2e: the session shows no tile for the allowed service"]
        tiles[0].click()
        if not wait_for(driver, lambda: SERVICE_TEXT in driver.page_source):
            return [f"e2e: the service's tile did not open it (at {driver.current_url})"]

        # The session bar on the service's page: time left, back, stop.
        if not wait_for(driver, lambda: "Nog 30 minuten" in bar_text(driver) and "Terug naar Loket" in bar_text(driver)):
            return [f"e2e: no session bar on the service page ({bar_text(driver)!r})"]
        loaded = driver.execute_script("return document.getElementById('loket-session-bar').dataset.extension")
        if loaded != extension_id:
            failures.append(f"e2e: the session bar's extension id is {loaded}, the policy allows {extension_id}")

        # A key on the service page tells the kiosk the visitor is busy.
        control(base, f"/advance?seconds={idle - warning - 5}")
        ActionChains(driver).send_keys("a").perform()
        if not wait_for(driver, lambda: control(base, "/idle-seconds") == "0", 10):
            failures.append("e2e: a key on the service page did not reach the kiosk")
        phase = control(base, "/advance?seconds=10")
        if phase != "active":
            failures.append(f"e2e: busy on the service page, the agent still went {phase!r}")

        if outage:
            control(base, "/hub/stop")
            answer = control(base, "/sync")
            if not answer.startswith("failed"):
                failures.append(f"e2e: a sync with the hub stopped answered {answer!r}")

        # The idle warning over the service page, announced; "Ik ben er nog" by keyboard.
        phase = control(base, f"/advance?seconds={idle - warning + 1}")
        if phase != "warning":
            failures.append(f"e2e: {idle - warning + 1} s without input: the agent is {phase!r}, not warning")
        if not wait_for(driver, lambda: "Bent u er nog?" in bar_text(driver)):
            failures.append("e2e: the service page never showed the idle warning")
        else:
            alert = bar_element(driver, "[role=alert]")
            if alert is None or alert.get_attribute("aria-live") != "assertive":
                failures.append("e2e: the warning over the service page is not announced")
            focused = driver.execute_script(
                "return document.getElementById('loket-session-bar').shadowRoot.activeElement?.textContent")
            if focused != "Ik ben er nog":
                failures.append(f"e2e: the warning's button has no focus ({focused!r})")
            ActionChains(driver).send_keys(Keys.ENTER).perform()
            if not wait_for(driver, lambda: control(base, "/advance?seconds=0") == "active", 10):
                failures.append("e2e: 'Ik ben er nog' on the service page did not keep the session")
            if not wait_for(driver, lambda: not bar_element(driver, ".warning").is_displayed(), 10):
                failures.append("e2e: the warning stayed over the service page")

        # Back to the kiosk screen by the bar; the warning there, then the time-out.
        bar_element(driver, ".back").click()
        if not wait_for(driver, lambda: driver.current_url.startswith(url) and "Stoppen" in driver.page_source):
            return failures + [f"e2e: the bar's way back did not lead to the session ({driver.current_url})"]
        phase = control(base, f"/advance?seconds={idle - warning + 1}")
        if phase != "warning":
            failures.append(f"e2e: {idle - warning + 1} s without input: the agent is {phase!r}, not warning")
        kiosk_alert = "//*[@role='alert' and contains(normalize-space(), 'Bent u er nog?')]"
        if not wait_for(driver, lambda: driver.find_element(By.XPATH, kiosk_alert).is_displayed()):
            failures.append("e2e: the kiosk screen never showed the idle warning as an alert")
        elif driver.find_element(By.XPATH, kiosk_alert).get_attribute("aria-live") != "assertive":
            failures.append("e2e: the idle warning is not announced (aria-live)")

        phase = control(base, f"/advance?seconds={warning}")
        if phase != "idle":
            failures.append(f"e2e: after the warning ran out the agent is {phase!r}, not idle (wiped)")
        if not wait_for(driver, lambda: "Alles is gewist" in driver.page_source):
            failures.append("e2e: the page never showed 'Alles is gewist' after the time-out")
        else:
            driver.find_element(By.XPATH, "//a[normalize-space()='Opnieuw beginnen']").click()
            if not wait_for(driver, lambda: "Beginnen als gast" in driver.page_source
                            and "Stoppen" not in driver.page_source):
                failures.append("e2e: 'Opnieuw beginnen' did not lead to the start screen")
        if outage:
            answer = control(base, "/hub/start")
            if answer != "started":
                failures.append(f"e2e: the hub did not start again: {answer}")
            answer = control(base, "/sync")
            if answer != "ok":
                failures.append(f"e2e: the first sync with the hub back answered {answer!r}")
    finally:
        driver.quit()
        service.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    return failures


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "audit":
        failures = audit(sys.argv[2], sys.argv[3])
        label = f"audit {sys.argv[3]}"
    elif len(sys.argv) >= 3 and sys.argv[1] == "keyboard":
        failures = keyboard(sys.argv[2])
        label = "keyboard flow"
    elif len(sys.argv) >= 4 and sys.argv[1] == "desk":
        failures = desk(sys.argv[2], sys.argv[3])
        label = "lending desk"
    elif len(sys.argv) >= 9 and sys.argv[1] == "console":
        failures = console(*sys.argv[2:9])
        label = "fleet console"
    elif len(sys.argv) >= 4 and sys.argv[1] == "helper":
        failures = helper(sys.argv[2], sys.argv[3])
        label = "helper view"
    elif len(sys.argv) >= 9 and sys.argv[1] == "e2e" and sys.argv[6] in ("online", "outage"):
        failures = end_to_end(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "outage",
                              sys.argv[7], sys.argv[8])
        label = f"end to end, {sys.argv[6]}"
    else:
        print(__doc__ + "\nusage: check.py audit URL NAME | keyboard URL | desk URL TAG | helper HELPER-URL CODE"
              " | console HUB-URL ADMIN PASSWORD STAFF PASSWORD OWN-TERMINAL OTHER-TERMINAL"
              " | e2e URL CONTROL-URL IDLE-SECONDS WARNING-SECONDS online|outage EXTENSION-DIR EXTENSION-ID", file=sys.stderr)
        return 2
    for failure in failures:
        print("FAIL " + failure)
    print(json.dumps({"check": label, "failures": len(failures)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
