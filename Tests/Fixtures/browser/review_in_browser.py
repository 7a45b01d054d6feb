#!/usr/bin/env python3
"""Drives `clinval serve` with a real browser (Chromium through chromedriver and Selenium).

The clinical review from start to finish, as clinicians do it: a run of the mini bank fails its
gate (top-1 accuracy, and the policy's signed approval); a reviewer signs in, opens the review
queue, opens a missed vignette and adjudicates it as a label error; an approver signs in, waives
the failed criterion and signs the run approved; the run's page then shows the new verdict, and
`clinval audit verify` finds the audit chain intact.

Usage: review_in_browser.py --clinval BIN --work DIR [--no-javascript] [--screenshots DIR]

Prints one line per step; exits 0 when every check holds, 1 with the failed check otherwise, 2
when a tool is missing (naming it).
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PASSWORD = "a long enough password"
POLICY = """gate: browser-test
bootstrap: {resamples: 100, seed: 7}
approval: {signatures: 1, roles: [clinical-safety-officer]}
criteria:
  - id: top1
    metric: top1_accuracy
    min: 0.99
"""


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clinval(binary, *arguments, input_text=None, expect=(0,)):
    result = subprocess.run(
        [binary, *arguments], input=input_text, capture_output=True, text=True, cwd=ROOT, timeout=300)
    check(result.returncode in expect, f"clinval {arguments[0]} exited {result.returncode}: {result.stderr.strip()}")
    return result


def browser(javascript):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("missing tool: the Python package selenium (pip install selenium)", file=sys.stderr)
        sys.exit(2)
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not os.path.exists(driver_path):
        print("missing tool: chromedriver (Debian package chromium-driver)", file=sys.stderr)
        sys.exit(2)
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US",
                     "--window-size=1280,1600"):
        options.add_argument(argument)
    chromium = shutil.which("chromium")
    if chromium:
        options.binary_location = chromium
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(driver_path), options=options)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clinval", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--no-javascript", action="store_true")
    parser.add_argument("--screenshots", help="a folder for PNGs of the queue, a vignette and the run")
    args = parser.parse_args()
    args.clinval = os.path.abspath(args.clinval)
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    os.makedirs(args.work, exist_ok=True)
    database = os.path.join(args.work, "review.sqlite")
    policy = os.path.join(args.work, "policy.yaml")
    with open(policy, "w") as handle:
        handle.write(POLICY)
    clinval(args.clinval, "run", "--model", "Tests/Fixtures/models/mini-noisy-or.json",
            "--casebank", "Tests/Fixtures/casebanks/mini.yaml", "--policy", policy, "--db", database,
            "--out", os.path.join(args.work, "out"), "--run-id", "r1", "--no-progress", expect=(1,))
    print("run r1 fails its gate")
    clinval(args.clinval, "users", "add", "--db", database, "rev", "--role", "reviewer",
            "--signing-role", "clinician", input_text=PASSWORD + "\n")
    clinval(args.clinval, "users", "add", "--db", database, "appr", "--role", "approver",
            "--signing-role", "clinical-safety-officer", input_text=PASSWORD + "\n")
    print("accounts rev (reviewer) and appr (approver) added")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(args.work, "serve.log"), "w")
    server = subprocess.Popen(
        [args.clinval, "serve", "--db", database, "--port", str(port)], cwd=args.work,
        stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    driver = None
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/signin", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise CheckFailed("clinval serve did not answer on " + base)
        driver = browser(javascript=not args.no_javascript)
        driver.implicitly_wait(2)

        def submit(button):
            # Click, then wait for the next page: the old page's root goes stale once it is replaced.
            # A click the browser drops (seen rarely in headless Chromium under load) is made once more.
            page = driver.find_element(By.TAG_NAME, "html")
            for attempt in range(2):
                try:
                    button.click()
                    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(page))
                    return
                except TimeoutException:
                    print(f"the click on {button.text!r} at {driver.current_url} did not load a page", file=sys.stderr)
            raise CheckFailed("no page followed the click on " + repr(button.text))

        def sign_in(name):
            driver.get(base + "/signin")
            driver.find_element(By.NAME, "name").send_keys(name)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            submit(driver.find_element(By.CSS_SELECTOR, "form.signin button"))
            check(f"{name} ·" in driver.find_element(By.CSS_SELECTOR, "header .user").text, f"{name} is not signed in")

        def sign_out():
            submit(driver.find_element(By.CSS_SELECTOR, "header form button"))
            check(driver.current_url.endswith("/signin"), "signing out did not lead to the sign-in page: " + driver.current_url)

        def shot(name):
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                driver.save_screenshot(os.path.join(args.screenshots, f"review-server-{name}-page.png"))

        def verdict():
            return driver.find_element(By.CSS_SELECTOR, "p.verdict").text

        # The reviewer adjudicates a miss from the queue.
        sign_in("rev")
        submit(driver.find_element(By.LINK_TEXT, "r1"))
        check(verdict().startswith("Fail"), "the run does not fail before review: " + verdict())
        submit(driver.find_element(By.LINK_TEXT, "The review queue"))
        shot("queue")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
        misses = [row for row in rows if row.find_elements(By.TAG_NAME, "td")[0].text != "Random sample of hits"]
        check(misses, "the review queue lists no miss")
        submit(misses[0].find_element(By.TAG_NAME, "a"))
        check(driver.find_element(By.TAG_NAME, "h1").text.startswith("Vignette mini/"), "no vignette page")
        answer = driver.find_elements(By.CSS_SELECTOR, "ol.differential li code")
        check(answer, "the vignette page shows no answer of the model")
        Select(driver.find_element(By.NAME, "conclusion")).select_by_value("label_error")
        driver.find_element(By.NAME, "diagnosis").send_keys(answer[0].text)
        driver.find_element(By.NAME, "comment").send_keys("The labels name the wrong condition.")
        submit(driver.find_element(By.CSS_SELECTOR, "form.review button"))
        history = driver.find_element(By.CSS_SELECTOR, "table.adjudications").text
        shot("vignette")
        check("label_error" in history and "stands" in history and "rev" in history,
              "the adjudication is not in the vignette's history: " + history)
        print("rev adjudicated a miss as a label error")
        sign_out()

        # The approver waives the failed criterion and signs.
        sign_in("appr")
        driver.get(base + "/runs/r1")
        Select(driver.find_element(By.NAME, "criterion")).select_by_value("top1")
        driver.find_element(By.NAME, "reason").send_keys("Four demonstration vignettes; accepted for the test.")
        expires = driver.find_element(By.NAME, "expires")
        expires.send_keys("12312099" if expires.get_attribute("type") == "date" else "2099-12-31")
        driver.find_element(By.NAME, "hazard").send_keys("HAZ-TEST-1")
        submit(driver.find_element(By.CSS_SELECTOR, "form[action='/runs/r1/waive'] button"))
        check(driver.current_url.endswith("/runs/r1"), "the waiver form did not return to the run: " + driver.current_url)
        check("HAZ-TEST-1" in driver.find_element(By.CSS_SELECTOR, "table.waivers").text, "the waiver is not shown")
        check(verdict().startswith("Fail"), "the approval is still missing, yet: " + verdict())
        print("appr waived top1: " + verdict())
        Select(driver.find_element(By.NAME, "meaning")).select_by_value("approved")
        submit(driver.find_element(By.CSS_SELECTOR, "form[action='/runs/r1/sign'] button"))
        check(verdict() == "Pass: ready for release with 1 waiver.", "the verdict after signing: " + verdict())
        check("approved" in driver.find_element(By.CSS_SELECTOR, "table.signatures").text, "the signature is not shown")
        print("appr signed approved: " + verdict())
        shot("run")
        scripts = driver.find_elements(By.TAG_NAME, "script")
        check(not scripts, "a page carries a script element")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    result = clinval(args.clinval, "audit", "verify", "--db", database)
    print(result.stdout.strip())
    print("ok")


if __name__ == "__main__":
    try:
        main()
    except CheckFailed as failure:
        print("check failed: " + str(failure), file=sys.stderr)
        sys.exit(1)
