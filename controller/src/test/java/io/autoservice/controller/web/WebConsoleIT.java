package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.tls.Pem;
import io.autoservice.controller.e2e.FleetProcesses;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.controller.tls.ControllerTls;
import io.autoservice.testsupport.Eventually;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium against a real controller and two real agents on
 * loopback, as a shop technician uses it: sign in, dispatch the diagnostics preset to both agents
 * and watch them finish, read the report, print the customer report; a viewer refused a dispatch; a
 * running run cancelled; signing out ends the session on the server. Every page is screenshot into
 * {@code target/web-screenshots/} and checked by axe-core. Network traffic stays on loopback: ping
 * and iperf point at 127.0.0.1 and the speed test (which would reach the internet) is removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleIT {
  private static final Duration RUN_WAIT = Duration.ofSeconds(45);
  private static final String SHOP_NAME = "Byte & Bolt Repairs";
  private static final String SHOP_CONTACT = "12 Quay Street, Dublin - 01 555 0123";

  private FleetProcesses fleet;
  private List<Agent> agents;
  private X509Certificate serverCert;
  private Process iperfServer;
  private int iperfPort;
  private final List<Browser> browsers = new ArrayList<>();

  /** A failed test leaves what each browser showed, and the page's error if any, beside it. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isEmpty()) {
          return;
        }
        for (int i = 0; i < browsers.size(); i++) {
          Browser b = browsers.get(i);
          b.screenshot("FAILED-" + context.getRequiredTestMethod().getName() + "-" + i);
          b.all("toast-error").stream()
              .filter(WebElement::isDisplayed)
              .forEach(t -> System.err.println("toast-error on " + b.url() + ": " + t.getText()));
        }
      };

  /** An admin signed in once for the tests that dispatch; each opens the page it starts on. */
  private Browser admin;

  @BeforeAll
  void startFleet() throws Exception {
    fleet =
        FleetProcesses.startWithWebConsole(
            "WebConsoleIT", Map.of("shop", Map.of("name", SHOP_NAME, "contact", SHOP_CONTACT)));
    agents =
        fleet.startAgents(Map.of("back", Map.of("site", "back"), "front", Map.of("site", "front")));
    Eventually.until(
        "the web console serving on " + fleet.webUrl(), WAIT(), () -> web().isPresent());
    serverCert =
        Pem.certificates(
                Files.readString(ControllerTls.dir(fleet.controllerData()).resolve("server.pem")))
            .get(0);
    iperfPort = FleetProcesses.freePort();
    iperfServer =
        new ProcessBuilder(
                "iperf3", "--server", "--bind", "127.0.0.1", "--port", String.valueOf(iperfPort))
            .redirectErrorStream(true)
            .redirectOutput(fleet.root().resolve("iperf3-server.log").toFile())
            .start();
    admin = browser("admin");
    signInWithToken(admin, adminToken(), "admin");
  }

  @AfterEach
  void cancelLeftovers() throws Exception {
    fleet.cancelUnfinishedRuns();
  }

  @AfterAll
  void stopAll() {
    browsers.forEach(Browser::close);
    if (iperfServer != null) {
      iperfServer.destroyForcibly();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  private static Duration WAIT() {
    return Duration.ofSeconds(30);
  }

  private Browser browser(String name) throws Exception {
    Browser b = Browser.start(name, List.of(serverCert));
    browsers.add(b);
    return b;
  }

  /** Signs in on the login page with a console token; returns once the fleet page shows. */
  private void signInWithToken(Browser b, String token, String expectedUser) throws Exception {
    b.open(fleet.webUrl() + "/#/login");
    b.waitFor("login-use-token").click();
    b.waitFor("login-token").sendKeys(token);
    b.waitFor("login-token-submit").click();
    b.waitFor("nav-user", e -> e.getText().contains(expectedUser));
  }

  private String adminToken() throws Exception {
    return Files.readString(fleet.tokenFile()).strip();
  }

  /** Screenshot and axe-core for a page that has finished drawing. */
  private void page(Browser b, String name) throws Exception {
    b.screenshot(name);
    b.axe(name);
    assertThat(b.consoleErrors()).as("script errors or CSP refusals on %s", name).isEmpty();
  }

  @Test
  void dispatchesDiagnosticsToBothAgentsWatchesThemFinishAndPrintsTheCustomerReport()
      throws Exception {
    Browser b = admin;
    b.open(fleet.webUrl() + "/#/fleet");
    for (Agent a : agents) {
      row(b, "fleet-row", "data-agent-id", a.id());
    }
    b.waitFor("fleet-row", e -> "online".equals(e.getAttribute("data-state")));
    page(b, "fleet");
    for (Agent a : agents) {
      row(b, "fleet-row", "data-agent-id", a.id())
          .findElement(Browser.byTestId("fleet-select"))
          .click();
    }
    b.waitFor("fleet-new-run").click();

    b.waitFor("new-preset-diagnostics").click();
    WebElement ping = task(b, "ping_test");
    type(param(ping, "host"), "127.0.0.1");
    type(param(ping, "count"), "3");
    WebElement iperf = task(b, "iperf_test");
    type(param(iperf, "server"), "127.0.0.1");
    type(param(iperf, "port"), String.valueOf(iperfPort));
    // Seconds, not the preset's minute: the test stays short.
    clearParam(iperf, "duration_minutes");
    type(param(iperf, "duration_seconds"), "1");
    // The speed test would reach the internet; nothing in these tests leaves loopback.
    task(b, "speedtest").findElement(Browser.byTestId("new-task-remove")).click();
    type(b.waitFor("new-customer"), "Ada Lovelace");
    type(b.waitFor("new-technician"), "Tess Tech");
    List<String> planned =
        b.all("new-task").stream().map(e -> e.getAttribute("data-task-type")).toList();
    assertThat(planned).contains("ping_test", "iperf_test").doesNotContain("speedtest");
    page(b, "new-run");
    b.waitFor("new-dispatch").click();

    List<WebElement> rows = waitRows(b, "live-row", 2);
    List<String> runIds = rows.stream().map(r -> r.getAttribute("data-run-id")).toList();
    b.driver().executeScript("window.__notReloaded = true");
    for (String id : runIds) {
      b.waitFor(
          "live-row",
          e ->
              id.equals(e.getAttribute("data-run-id"))
                  && "finished".equals(e.getAttribute("data-state")),
          RUN_WAIT);
    }
    assertThat(b.driver().executeScript("return window.__notReloaded === true"))
        .as("the live page updated in place")
        .isEqualTo(true);
    page(b, "live");
    List<JsonNode> controllerRuns = new ArrayList<>();
    for (String id : runIds) {
      controllerRuns.add(fleet.consoleJson("report", id, "--format", "json"));
    }
    assertThat(runs().stream().filter(r -> runIds.contains(r.path("run_id").asText())))
        .extracting(r -> r.path("agent_id").asText())
        .containsExactlyInAnyOrderElementsOf(agents.stream().map(Agent::id).toList());
    for (JsonNode r : controllerRuns) {
      assertThat(r.at("/metadata/customer_name").asText()).isEqualTo("Ada Lovelace");
      assertThat(r.path("tasks"))
          .extracting(t -> t.path("task_type").asText())
          .containsExactlyElementsOf(planned);
    }

    // The run whose iperf3 test got the loopback server (two at once: the other is turned away).
    JsonNode shown =
        controllerRuns.stream()
            .filter(r -> r.path("status").asText().equals("ok"))
            .findFirst()
            .orElse(controllerRuns.get(0));
    String runId = shown.path("run_id").asText();
    row(b, "live-row", "data-run-id", runId).findElement(Browser.byTestId("live-report")).click();
    b.waitFor("report-summary", e -> runId.equals(e.getAttribute("data-run-id")));
    List<String> reportTasks =
        waitRows(b, "report-task", planned.size()).stream()
            .map(e -> e.getAttribute("data-task-type"))
            .toList();
    assertThat(reportTasks).containsExactlyElementsOf(planned);
    page(b, "report");

    b.waitFor("report-customer-link").click();
    b.waitFor("customer-report", e -> runId.equals(e.getAttribute("data-run-id")));
    assertThat(b.waitFor("customer-name").getText()).contains("Ada Lovelace");
    assertThat(b.waitFor("customer-technician").getText()).contains("Tess Tech");
    List<String> lines = b.all("customer-line").stream().map(WebConsoleIT::ownText).toList();
    long shownTasks =
        stream(shown.path("tasks"))
            .filter(t -> !t.path("status").asText().equals("skipped"))
            .count();
    assertThat(lines).as("one line per task the customer sees").hasSize((int) shownTasks);
    page(b, "customer");
    String pdf = normalise(Pdf.text(b.pdf()));
    assertThat(pdf).contains(SHOP_NAME, SHOP_CONTACT, "Ada Lovelace", "Tess Tech");
    for (String line : lines) {
      assertThat(pdf).as("the printed report").contains(normalise(line));
    }
    assertThat(pdf).as("screen-only controls").doesNotContain("Technician report", "Sign out");

    b.waitFor("nav-history").click();
    for (String id : runIds) {
      row(b, "history-row", "data-run-id", id);
    }
    page(b, "history");
    b.waitFor("nav-admin").click();
    b.waitFor("admin-page");
    page(b, "admin");
  }

  @Test
  void aViewerIsRefusedADispatch() throws Exception {
    String token =
        fleet
            .controllerCli(
                "users-add",
                "users",
                "add",
                "vera",
                "--role",
                "viewer",
                "--controller",
                fleet.address(),
                "--token-file",
                fleet.tokenFile().toString())
            .ok()
            .stdout()
            .strip();
    Browser b = browser("viewer");
    signInWithToken(b, token, "vera");
    int before = runs().size();

    // A viewer may build a plan (to export it); the controller refuses its dispatch, as for the
    // CLI.
    b.open(fleet.webUrl() + "/#/new");
    b.waitFor("new-preset-custom").click();
    new Select(
            b.waitFor(
                "new-add-type",
                e -> !e.findElements(By.cssSelector("option[value='hello_service']")).isEmpty()))
        .selectByValue("hello_service");
    b.waitFor("new-add-task").click();
    task(b, "hello_service");
    b.waitFor("new-target-all").click();
    b.waitFor("new-dispatch").click();

    WebElement toast = b.waitFor("toast-error");
    assertThat(toast.getAttribute("role")).isEqualTo("alert");
    assertThat(toast.getText()).contains("PERMISSION_DENIED", "viewer");
    page(b, "viewer-refused");
    assertThat(runs()).as("runs after the refused dispatch").hasSize(before);
    assertThat(stream(fleet.consoleJson("audit", "--actor", "vera", "--json")))
        .as("vera's audit entries")
        .anySatisfy(e -> assertThat(e.path("remote_addr").asText()).startsWith("web 127.0.0.1"));
  }

  @Test
  void cancelsARunningRun() throws Exception {
    Browser b = admin;
    Path plan = fleet.root().resolve("long-ping.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"ping_test\", \"host\": \"127.0.0.1\", \"count\": 120}],"
            + " \"metadata\": {\"technician_name\": \"Tess Tech\"}}");
    b.open(fleet.webUrl() + "/#/new");
    b.waitFor("new-import").sendKeys(plan.toString());
    task(b, "ping_test");
    b.waitFor("new-target-label").click();
    type(b.waitFor("new-label-selector"), "site=front");
    b.waitFor("new-dispatch").click();

    WebElement row = waitRows(b, "live-row", 1).get(0);
    String runId = row.getAttribute("data-run-id");
    b.waitFor("live-row", e -> "running".equals(e.getAttribute("data-state")), RUN_WAIT);
    row(b, "live-row", "data-run-id", runId).findElement(Browser.byTestId("live-cancel")).click();
    b.waitFor(
        "live-row",
        e ->
            "finished".equals(e.getAttribute("data-state"))
                && "cancelled".equals(e.getAttribute("data-status")),
        RUN_WAIT);
    page(b, "live-cancelled");
    assertThat(fleet.consoleJson("report", runId, "--format", "json").path("status").asText())
        .isEqualTo("cancelled");
  }

  @Test
  void signingOutEndsTheSessionOnTheServer() throws Exception {
    Browser b = browser("signout");
    b.open(fleet.webUrl() + "/");
    b.waitFor("login-user");
    page(b, "login");
    signInWithToken(b, adminToken(), "admin");
    Cookie cookie = b.driver().manage().getCookieNamed("__Host-as-session");
    assertThat(cookie).as("the session cookie __Host-as-session").isNotNull();
    assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
    assertThat(cookie.isSecure()).as("Secure").isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(sessionStatus(cookie)).as("the cookie before signing out").isEqualTo(200);

    b.waitFor("signout").click();
    b.waitFor("login-user");

    assertThat(sessionStatus(cookie)).as("the old cookie after signing out").isEqualTo(401);
    b.driver().navigate().refresh();
    b.waitFor("login-user");
  }

  /**
   * A client outside the browser (Java's HttpClient, trusting the controller's CA), or empty while
   * the web console does not answer yet.
   */
  private Optional<WebClient> web() throws Exception {
    WebClient client =
        new WebClient(
            URI.create(fleet.webUrl() + "/"), ControllerTls.caFile(fleet.controllerData()));
    try {
      client.get("/api/session");
      return Optional.of(client);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** What {@code GET /api/session} answers to a request carrying only this cookie. */
  private int sessionStatus(Cookie cookie) throws Exception {
    WebClient client = web().orElseThrow();
    client.cookie = cookie.getName() + "=" + cookie.getValue();
    return client.get("/api/session").statusCode();
  }

  private List<JsonNode> runs() throws Exception {
    return stream(fleet.consoleJson("runs", "--json", "--limit", "1000")).toList();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static WebElement row(Browser b, String testid, String attr, String value) {
    return b.waitFor(testid, e -> value.equals(e.getAttribute(attr)));
  }

  /** Waits until exactly {@code n} elements carry the test id; returns them. */
  private static List<WebElement> waitRows(Browser b, String testid, int n) {
    b.waitFor(testid, e -> b.all(testid).size() == n);
    return b.all(testid);
  }

  /** The New run page's task of this type. */
  private static WebElement task(Browser b, String type) {
    return row(b, "new-task", "data-task-type", type);
  }

  /** A task's parameter input ({@code new-param-<name>}). */
  private static WebElement param(WebElement task, String name) {
    return task.findElement(Browser.byTestId("new-param-" + name));
  }

  /** Empties a parameter the task may have; absent is fine. */
  private static void clearParam(WebElement task, String name) {
    task.findElements(Browser.byTestId("new-param-" + name)).forEach(WebElement::clear);
  }

  private static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  /** The element's own text, without its children's (a line's mark and screen-reader prefix). */
  private static String ownText(WebElement e) {
    return (String)
        ((org.openqa.selenium.JavascriptExecutor)
                ((org.openqa.selenium.WrapsDriver) e).getWrappedDriver())
            .executeScript(
                "return [...arguments[0].childNodes].filter(n => n.nodeType === 3)"
                    + ".map(n => n.textContent).join('').trim()",
                e);
  }

  /** Whitespace collapsed: pdftotext breaks long lines and pads columns. */
  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
