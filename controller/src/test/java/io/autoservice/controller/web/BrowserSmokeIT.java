package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the browser toolchain before any page of the console is tested: Debian's Chromium and
 * chromedriver under Selenium, trusting one HTTPS server's key only, running an external ES module
 * under the console's strict CSP, a screenshot, Chromium's print to PDF read back by pdftotext, and
 * axe-core both passing a clean page and catching a broken one.
 */
class BrowserSmokeIT {
  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en">
      <head><meta charset="utf-8"><title>Smoke</title><link rel="icon" href="data:,">
      <link rel="stylesheet" href="/app.css"></head>
      <body><main>
      <h1>AutoService smoke page</h1>
      <button type="button" data-testid="smoke-button">Run the check</button>
      <p data-testid="smoke-status" role="status">Waiting</p>
      <p class="screen-only">Only on screen</p>
      </main>
      <script type="module" src="/app.js"></script>
      </body></html>
      """;

  private static final String SCRIPT =
      """
      const status = document.querySelector('[data-testid="smoke-status"]');
      document.querySelector('[data-testid="smoke-button"]').addEventListener('click', () => {
        status.textContent = 'Checked by the browser';
        status.dataset.state = 'done';
      });
      """;

  private static final String STYLE =
      """
      body { font-family: sans-serif; }
      @media print { .screen-only, button { display: none; } }
      @page { size: A4; margin: 15mm; }
      """;

  /** A button with no name: axe's button-name rule, impact critical. */
  private static final String BROKEN_PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
      <body><main><h1>Broken</h1><button type="button"></button></main></body></html>
      """;

  private static StaticHttpsServer server;
  private static StaticHttpsServer untrusted;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    server =
        StaticHttpsServer.start(
            Map.of(
                "/", new StaticHttpsServer.File("text/html; charset=utf-8", PAGE),
                "/app.js", new StaticHttpsServer.File("text/javascript", SCRIPT),
                "/app.css", new StaticHttpsServer.File("text/css", STYLE),
                "/broken", new StaticHttpsServer.File("text/html; charset=utf-8", BROKEN_PAGE)));
    untrusted =
        StaticHttpsServer.start(
            Map.of("/", new StaticHttpsServer.File("text/html; charset=utf-8", PAGE)));
    browser = Browser.start("smoke", List.of(server.certificate()));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    for (StaticHttpsServer s : new StaticHttpsServer[] {server, untrusted}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  void clicksScreenshotsPrintsAndChecksAccessibility() throws Exception {
    browser.open(server.url("/"));
    browser.waitFor("smoke-button").click();
    assertThat(browser.waitFor("smoke-status", e -> "done".equals(e.getAttribute("data-state"))))
        .extracting(e -> e.getText())
        .isEqualTo("Checked by the browser");
    assertThat(browser.consoleErrors()).as("script errors or CSP refusals").isEmpty();

    Path shot = browser.screenshot("smoke");
    assertThat(Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');

    byte[] pdf = browser.pdf();
    assertThat(pdf).startsWith('%', 'P', 'D', 'F');
    String text = Pdf.text(pdf);
    assertThat(text)
        .contains("AutoService smoke page", "Checked by the browser")
        .doesNotContain("Only on screen", "Run the check");
    assertThat(Pdf.pages(text)).isEqualTo(1);

    browser.axe("smoke page");
  }

  @Test
  void axeFailsAPageWithACriticalViolation() {
    browser.open(server.url("/broken"));
    assertThatThrownBy(() -> browser.axe("broken page"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("button-name")
        .hasMessageContaining("critical");
  }

  @Test
  void aServerWithAnotherKeyIsNotTrusted() {
    browser.open(untrusted.url("/"));
    assertThat(browser.all("smoke-button"))
        .as("the page behind an untrusted certificate")
        .isEmpty();
  }
}
