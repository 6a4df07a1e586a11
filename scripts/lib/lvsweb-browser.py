#!/usr/bin/env python3
"""lvsweb in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium):
the browser half of the IntegrationTests' WebToolBrowserTests. The Swift test builds the lab (two
directors running pulse and lvsd, real servers, lvsweb on this namespace's loopback) and checks
the files; this script uses the pages as an admin would and saves a screenshot after each step.

    lvsweb-browser.py URL USER PASSWORD SCREENSHOT_DIR LVSCTL LVSD_SOCKET DRAIN_TARGET

Prints one line per step ("STEP name: detail") and exits 0 when every step saw what it must, 1
with "FAIL step: why" otherwise. Every wait is bounded.
"""
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

url, user, password, shots, lvsctl, lvsd_socket, drain_target = sys.argv[1:8]
step_name = "start"


def step(name, detail=""):
    global step_name
    step_name = name
    print(f"STEP {name}: {detail}", flush=True)


def shot(driver, name):
    driver.save_screenshot(f"{shots}/{name}.png")


def wait(driver, condition, seconds=20, what=""):
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        raise AssertionError(f"waited {seconds} s for {what}")


def attr(driver, css, name):
    elements = driver.find_elements(By.CSS_SELECTOR, css)
    return elements[0].get_attribute(name) if elements else None


def confirm(driver):
    wait(driver, lambda d: d.find_elements(By.ID, "confirm"), what="the confirmation page")
    shot(driver, f"confirm-{step_name}")
    driver.find_element(By.ID, "confirm").click()


def main():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", f"--user-data-dir={shots}/profile"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    try:
        run(driver)
    except AssertionError as error:
        shot(driver, f"failed-{step_name}")
        print(f"FAIL {step_name}: {error}", flush=True)
        return 1
    finally:
        driver.quit()
    print("DONE", flush=True)
    return 0


def run(driver):
    step("login page", "a page without a session goes to the login")
    driver.get(url + "/config/global")
    wait(driver, lambda d: d.current_url.endswith("/login"), what="the redirect to /login")
    shot(driver, "01-login")
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login").click()

    step("monitoring", "both directors and the table, live")
    wait(driver, lambda d: d.find_elements(By.ID, "director-local"), what="the directors table")
    wait(driver, lambda d: attr(d, "#director-local", "data-state") == "active", what="this director active")
    wait(driver, lambda d: attr(d, "#director-peer", "data-state") == "inactive", what="the peer inactive")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "tr.server[data-health=up]")) == 2, seconds=30,
         what="both real servers up")
    first = attr(driver, "#live", "data-updated")
    wait(driver, lambda d: attr(d, "#live", "data-updated") not in (None, first), what="a live update")
    shot(driver, "02-monitoring")

    step("live drain", "lvsctl drains a server; the open page shows it without reloading")
    driver.execute_script("window.lvswebMarker = 42;")
    subprocess.run([lvsctl, "drain", drain_target, "--lvsd-socket", lvsd_socket], check=True, timeout=20,
                   stdout=subprocess.DEVNULL)
    row = f"tr.server[data-server='web/rs1']"
    wait(driver, lambda d: attr(d, row, "data-drained") == "1", what="the drained row")
    if driver.execute_script("return window.lvswebMarker;") != 42:
        raise AssertionError("the page reloaded")
    shot(driver, "03-drained-live")

    step("enable", "the Enable button, confirmed")
    driver.find_element(By.CSS_SELECTOR, f"{row} button").click()
    confirm(driver)
    wait(driver, lambda d: d.find_elements(By.ID, "notice"), what="the notice")
    wait(driver, lambda d: attr(d, row, "data-drained") == "0", what="the enabled row")

    step("drain", "the Drain button, confirmed")
    driver.find_element(By.CSS_SELECTOR, f"{row} button").click()
    confirm(driver)
    wait(driver, lambda d: attr(d, row, "data-drained") == "1" and attr(d, row, "data-weight") == "0",
         what="the drained row at weight 0")
    shot(driver, "04-drained-by-button")
    driver.find_element(By.CSS_SELECTOR, f"{row} button").click()
    confirm(driver)
    wait(driver, lambda d: attr(d, row, "data-drained") == "0", what="the enabled row")

    step("edit weight", "rs2's weight becomes 5")
    driver.get(url + "/config/block?virtual=web&server=rs2")
    field = driver.find_element(By.ID, "f-weight")
    field.clear()
    field.send_keys("5")
    driver.find_element(By.ID, "save").click()
    wait(driver, lambda d: d.find_elements(By.ID, "saved"), what="the saved notice")
    shot(driver, "05-weight-saved")
    print("SAVED weight", flush=True)

    step("invalid value", "a weight that is not a number shows its diagnostic beside the field")
    field = driver.find_element(By.ID, "f-weight")
    field.clear()
    field.send_keys("five")
    driver.find_element(By.ID, "save").click()
    wait(driver, lambda d: d.find_elements(By.ID, "problem-weight"), what="the field's diagnostic")
    problem = driver.find_element(By.ID, "problem-weight").text
    if "five" not in problem or "error" not in problem:
        raise AssertionError(f"diagnostic: {problem!r}")
    if "invalid" not in driver.find_element(By.CSS_SELECTOR, ".field[data-key=weight]").get_attribute("class"):
        raise AssertionError("the field is not marked")
    if not driver.find_elements(By.ID, "not-saved"):
        raise AssertionError("no 'not saved' notice")
    shot(driver, "06-invalid-value")
    print(f"DIAGNOSTIC {problem}", flush=True)

    step("send to peer", "this director's lvs.cf goes to the peer over ssh")
    driver.get(url + "/config/file")
    wait(driver, lambda d: d.find_elements(By.ID, "sync"), what="the send button")
    driver.find_element(By.ID, "sync").click()
    confirm(driver)
    wait(driver, lambda d: d.find_elements(By.ID, "sync-result"), seconds=40, what="the sync result")
    result = driver.find_element(By.ID, "sync-result")
    shot(driver, "07-sent-to-peer")
    if "notice" not in result.get_attribute("class"):
        raise AssertionError(f"sync failed: {result.text}")

    step("fail over", "this director hands the VIPs to the peer")
    driver.get(url + "/")
    wait(driver, lambda d: d.find_elements(By.ID, "failover"), what="the failover button")
    driver.find_element(By.ID, "failover").click()
    confirm(driver)
    wait(driver, lambda d: attr(d, "#director-local", "data-state") == "inactive"
         and attr(d, "#director-peer", "data-state") == "active", seconds=20, what="the peer active")
    shot(driver, "08-failed-over")


if __name__ == "__main__":
    sys.exit(main())
