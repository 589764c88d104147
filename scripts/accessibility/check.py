"""The kiosk screen in real headless Chromium: axe-core finds no WCAG 2.1 A/AA violation
on a page, at normal and at 200 % text size without loss of content; and the guest flow
works by keyboard alone. Prints what it checked; exits 1 with the reasons on any failure."""
import json
import sys

import os

import axe_playwright_python
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,800", "--lang=nl"):
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
        return Array.from(document.querySelectorAll('button, a:not(.skip), h1, p')).filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1);
        }).map(e => e.textContent.trim().slice(0, 40));""")
    problems += [f"cut off at 200 % text: {text}" for text in hidden]
    return problems


def audit(url, name):
    driver = browser()
    failures = []
    try:
        driver.get(url)
        failures += [f"{name}: {v}" for v in axe_violations(driver)]
        # 200 % text size: what a visitor with low vision sets (WCAG 1.4.4).
        driver.execute_script("document.documentElement.style.fontSize = '250%'")
        failures += [f"{name} at 200 %: {v}" for v in axe_violations(driver)]
        failures += [f"{name}: {p}" for p in content_lost(driver)]
    finally:
        driver.quit()
    return failures


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


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "audit":
        failures = audit(sys.argv[2], sys.argv[3])
        label = f"audit {sys.argv[3]}"
    elif len(sys.argv) >= 3 and sys.argv[1] == "keyboard":
        failures = keyboard(sys.argv[2])
        label = "keyboard flow"
    else:
        print(__doc__ + "\nusage: check.py audit URL NAME | keyboard URL", file=sys.stderr)
        return 2
    for failure in failures:
        print("FAIL " + failure)
    print(json.dumps({"check": label, "failures": len(failures)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
