package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on the console's pages, by the pages' {@code data-testid}s. */
final class Pages {
  private Pages() {}

  /** Signs in on the login page with a console token; returns once the header names the user. */
  static void signInWithToken(Browser b, String baseUrl, String token, String user) {
    b.open(baseUrl + "/#/login");
    b.waitFor("login-use-token").click();
    b.waitFor("login-token").sendKeys(token);
    b.waitFor("login-token-submit").click();
    b.waitFor("nav-user", e -> e.getText().contains(user));
  }

  /** Signs in with a user name and password; returns once the header names the user. */
  static void signInWithPassword(Browser b, String baseUrl, String user, String password) {
    b.open(baseUrl + "/#/login");
    b.waitFor("login-user").sendKeys(user);
    b.waitFor("login-password").sendKeys(password);
    b.waitFor("login-submit").click();
    b.waitFor("nav-user", e -> e.getText().contains(user));
  }

  /**
   * A page that has finished drawing: its screenshot, axe-core's check, and no script error or CSP
   * refusal in the browser's console.
   */
  static void check(Browser b, String name) throws IOException {
    b.screenshot(name);
    b.axe(name);
    assertThat(b.consoleErrors()).as("script errors or CSP refusals on %s", name).isEmpty();
  }

  /** The element with this test id whose {@code attr} is {@code value}, once shown. */
  static WebElement row(Browser b, String testid, String attr, String value) {
    return b.waitFor(testid, e -> value.equals(e.getAttribute(attr)));
  }

  /** Waits until exactly {@code n} elements carry the test id; returns them. */
  static List<WebElement> waitRows(Browser b, String testid, int n) {
    b.waitFor(testid, e -> b.all(testid).size() == n);
    return b.all(testid);
  }

  /** The New run page's task of this type. */
  static WebElement task(Browser b, String type) {
    return row(b, "new-task", "data-task-type", type);
  }

  /** A task's parameter input ({@code new-param-<name>}). */
  static WebElement param(WebElement task, String name) {
    return task.findElement(Browser.byTestId("new-param-" + name));
  }

  /** Empties a parameter the task may have; absent is fine. */
  static void clearParam(WebElement task, String name) {
    task.findElements(Browser.byTestId("new-param-" + name)).forEach(WebElement::clear);
  }

  /**
   * The schedule's occurrence in this state, clicking its Occurrences button (the page's refresh)
   * until one shows it.
   */
  static WebElement occurrence(Browser b, String schedule, String state, Duration max) {
    return new WebDriverWait(b.driver(), max, Duration.ofMillis(300))
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> "an occurrence of " + schedule + " " + state)
        .until(
            d -> {
              for (WebElement occ : b.all("occ-row")) {
                if (state.equals(occ.getAttribute("data-state"))) {
                  return occ;
                }
              }
              row(b, "sched-row", "data-name", schedule)
                  .findElement(Browser.byTestId("sched-occurrences"))
                  .click();
              return null;
            });
  }

  static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  /** Whitespace collapsed: pdftotext breaks long lines and pads columns. */
  static String normalise(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
