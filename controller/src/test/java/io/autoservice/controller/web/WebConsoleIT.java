package io.autoservice.controller.web;

import static io.autoservice.controller.web.Pages.check;
import static io.autoservice.controller.web.Pages.clearParam;
import static io.autoservice.controller.web.Pages.normalise;
import static io.autoservice.controller.web.Pages.param;
import static io.autoservice.controller.web.Pages.row;
import static io.autoservice.controller.web.Pages.task;
import static io.autoservice.controller.web.Pages.type;
import static io.autoservice.controller.web.Pages.waitRows;
import static io.autoservice.controller.web.WebFleet.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * and watch them finish, read the report, print the customer report; a viewer (added on the Admin
 * page, signing in with a password) refused a dispatch; a running run cancelled; signing out ends
 * the session on the server; on the Schedules page a maintenance window set, a schedule created
 * from an imported plan, run now on the real agent, paused and deleted, a bad cron refused naming
 * the field, and a viewer refused a pause. Every page is screenshot into {@code
 * target/web-screenshots/} and checked by axe-core. Network traffic stays on loopback: ping and
 * iperf point at 127.0.0.1 and the speed test (which would reach the internet) is removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleIT {
  private static final Duration RUN_WAIT = Duration.ofSeconds(45);
  private static final String SHOP_NAME = "Byte & Bolt Repairs";
  private static final String SHOP_CONTACT = "12 Quay Street, Dublin - 01 555 0123";

  private WebFleet web;

  /** An admin signed in once for the tests that dispatch; each opens the page it starts on. */
  private Browser admin;

  /** A failed test leaves what each browser showed, and the page's error if any, beside it. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isEmpty() || web == null) {
          return;
        }
        List<Browser> browsers = web.browsers();
        for (int i = 0; i < browsers.size(); i++) {
          Browser b = browsers.get(i);
          b.screenshot("FAILED-" + context.getRequiredTestMethod().getName() + "-" + i);
          b.all("toast-error").stream()
              .filter(WebElement::isDisplayed)
              .forEach(t -> System.err.println("toast-error on " + b.url() + ": " + t.getText()));
        }
      };

  @BeforeAll
  void start() throws Exception {
    web =
        WebFleet.start(
            "WebConsoleIT", Map.of("shop", Map.of("name", SHOP_NAME, "contact", SHOP_CONTACT)));
    admin = web.browser("admin");
    Pages.signInWithToken(admin, web.url(""), web.adminToken(), "admin");
  }

  @AfterEach
  void cancelLeftovers() throws Exception {
    web.cancelUnfinishedRuns();
  }

  @AfterAll
  void stop() {
    if (web != null) {
      web.close();
    }
  }

  @Test
  void dispatchesDiagnosticsToBothAgentsWatchesThemFinishAndPrintsTheCustomerReport()
      throws Exception {
    Browser b = admin;
    b.open(web.url("/#/fleet"));
    for (Agent a : web.agents) {
      row(b, "fleet-row", "data-agent-id", a.id());
    }
    b.waitFor("fleet-row", e -> "online".equals(e.getAttribute("data-state")));
    check(b, "fleet");
    for (Agent a : web.agents) {
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
    type(param(iperf, "port"), String.valueOf(web.iperfPort));
    // Seconds, not the preset's minute: the test stays short.
    clearParam(iperf, "duration_minutes");
    type(param(iperf, "duration_seconds"), "3");
    // The speed test would reach the internet; nothing in these tests leaves loopback.
    task(b, "speedtest").findElement(Browser.byTestId("new-task-remove")).click();
    type(b.waitFor("new-customer"), "Ada Lovelace");
    type(b.waitFor("new-technician"), "Tess Tech");
    List<String> planned =
        b.all("new-task").stream().map(e -> e.getAttribute("data-task-type")).toList();
    assertThat(planned).contains("ping_test", "iperf_test").doesNotContain("speedtest");
    check(b, "new-run");
    b.waitFor("new-dispatch").click();

    List<String> runIds =
        waitRows(b, "live-row", 2).stream().map(r -> r.getAttribute("data-run-id")).toList();
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
    check(b, "live");
    assertThat(web.runs().stream().filter(r -> runIds.contains(r.path("runId").asText())))
        .extracting(r -> r.path("agentId").asText())
        .containsExactlyInAnyOrderElementsOf(web.agents.stream().map(Agent::id).toList());
    List<JsonNode> reports = new ArrayList<>();
    for (String id : runIds) {
      JsonNode r = web.report(id);
      assertThat(r.at("/metadata/customer_name").asText()).isEqualTo("Ada Lovelace");
      assertThat(r.path("tasks"))
          .extracting(t -> t.path("taskType").asText())
          .containsExactlyElementsOf(planned);
      reports.add(r);
    }

    // The run whose iperf3 test got the loopback server (two at once: the other is turned away).
    JsonNode shown =
        reports.stream()
            .filter(r -> r.path("status").asText().equals("RUN_STATUS_OK"))
            .findFirst()
            .orElse(reports.get(0));
    String runId = shown.path("runId").asText();
    row(b, "live-row", "data-run-id", runId).findElement(Browser.byTestId("live-report")).click();
    b.waitFor("report-summary", e -> runId.equals(e.getAttribute("data-run-id")));
    assertThat(waitRows(b, "report-task", planned.size()))
        .extracting(e -> e.getAttribute("data-task-type"))
        .containsExactlyElementsOf(planned);
    check(b, "report");

    b.waitFor("report-customer-link").click();
    b.waitFor("customer-report", e -> runId.equals(e.getAttribute("data-run-id")));
    assertThat(b.waitFor("customer-name").getText()).contains("Ada Lovelace");
    assertThat(b.waitFor("customer-technician").getText()).contains("Tess Tech");
    List<String> lines = b.all("customer-line-text").stream().map(WebElement::getText).toList();
    long seenByCustomer =
        stream(shown.path("tasks"))
            .filter(t -> !t.path("status").asText().equals("TASK_STATUS_SKIPPED"))
            .count();
    assertThat(lines).as("one line per task the customer sees").hasSize((int) seenByCustomer);
    check(b, "customer");
    byte[] printed = b.pdf();
    Files.write(Browser.SCREENSHOTS.resolve("customer.pdf"), printed);
    String pdf = normalise(Pdf.text(printed));
    assertThat(Pdf.pages(Pdf.text(printed))).as("pages of the printed report").isEqualTo(1);
    assertThat(pdf).contains(SHOP_NAME, SHOP_CONTACT, "Ada Lovelace", "Tess Tech");
    for (String line : lines) {
      assertThat(pdf).as("the printed report").contains(normalise(line));
    }
    assertThat(pdf).as("screen-only controls").doesNotContain("Technician report", "Sign out");

    b.waitFor("nav-history").click();
    for (String id : runIds) {
      row(b, "history-row", "data-run-id", id);
    }
    check(b, "history");

    // The PC's history, from its report: the figures its run read, one chart each.
    b.open(web.url("/#/report/" + runId));
    b.waitFor("report-pc-history").click();
    b.waitFor(
        "pc-history-card", e -> "ping.latency_ms".equals(e.getAttribute("data-metric")), RUN_WAIT);
    assertThat(b.all("pc-history-card"))
        .extracting(e -> e.getAttribute("data-metric"))
        .contains("ping.loss_percent", "volume.used_percent");
    assertThat(b.all("pc-history-card"))
        .allSatisfy(c -> assertThat(c.findElement(By.tagName("svg")).isDisplayed()).isTrue());
    check(b, "pc-history");
  }

  @Test
  void aViewerAddedOnTheAdminPageIsRefusedADispatch() throws Exception {
    String password = "viewer's long password";
    admin.open(web.url("/#/admin"));
    type(admin.waitFor("admin-add-user-name"), "vera");
    new Select(admin.waitFor("admin-add-user-role")).selectByValue("USER_ROLE_VIEWER");
    admin.waitFor("admin-add-user").click();
    assertThat(admin.waitFor("admin-new-token").getAttribute("value")).isNotBlank();
    row(admin, "admin-user-row", "data-user", "vera");
    new Select(
            admin.waitFor(
                "admin-password-user",
                e -> !e.findElements(By.cssSelector("option[value='vera']")).isEmpty()))
        .selectByValue("vera");
    type(admin.waitFor("admin-password"), password);
    admin.waitFor("admin-set-password").click();
    admin.waitFor("admin-users-status", e -> e.getText().contains("vera"));
    check(admin, "admin");

    Browser b = web.browser("viewer");
    Pages.signInWithPassword(b, web.url(""), "vera", password);
    assertThat(b.all("nav-new")).as("New run in a viewer's navigation").isEmpty();
    int before = web.runs().size();

    // A viewer may build a plan (to export it); the controller refuses its dispatch, as for the
    // CLI.
    b.open(web.url("/#/new"));
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
    check(b, "viewer-refused");
    assertThat(web.runs()).as("runs after the refused dispatch").hasSize(before);
    assertThat(stream(web.call("ListAudit", "{\"actor\": \"vera\"}").path("entries")))
        .as("vera's audit entries")
        .anySatisfy(e -> assertThat(e.path("remoteAddr").asText()).startsWith("web 127.0.0.1"));
  }

  @Test
  void listsARaisedAlertAndAcknowledgesItOnTheAlertsPage() throws Exception {
    // given a run whose first task ends in error on the front PC (ping is not where the plan says)
    Browser b = admin;
    Path plan = web.fleet.root().resolve("failing-ping.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"ping_test\", \"host\": \"127.0.0.1\", \"count\": 1,"
            + " \"executable_path\": \"/nonexistent/autoservice-e2e/ping\"}],"
            + " \"metadata\": {\"technician_name\": \"Tess Tech\"}}");
    b.open(web.url("/#/new"));
    b.waitFor("new-import").sendKeys(plan.toString());
    task(b, "ping_test");
    b.waitFor("new-target-label").click();
    type(b.waitFor("new-label-selector"), "site=front");
    b.waitFor("new-dispatch").click();
    // Its own alert: the diagnostics test may have left another task_error (iperf3 turned away).
    io.autoservice.testsupport.Eventually.until(
        "the task_error alert on ping_test raised",
        RUN_WAIT,
        () ->
            stream(web.call("ListAlerts", "{\"rule\": \"task_error\"}").path("alerts"))
                .anyMatch(
                    a ->
                        a.path("state").asText().equals("ALERT_STATE_OPEN")
                            && a.path("subject").asText().equals("ping_test")));

    // when the technician opens the Alerts page
    b.open(web.url("/#/alerts"));
    WebElement alert =
        b.waitFor(
            "alerts-row",
            e ->
                "task_error".equals(e.getAttribute("data-rule"))
                    && "ALERT_STATE_OPEN".equals(e.getAttribute("data-state"))
                    && e.getText().contains("ping_test"));
    assertThat(normalise(alert.getText())).contains("ping_test", "ended in error");
    assertThat(b.waitFor("nav-alerts-count", e -> e.getText().matches("\\(\\d+\\)")).getText())
        .isNotEqualTo("(0)");
    check(b, "alerts");

    // and acknowledges it with a note
    type(b.waitFor("alerts-note"), "ping path fixed in the plan");
    alert.findElement(Browser.byTestId("alerts-ack")).click();

    // then the page and the server show it acknowledged by the admin
    b.waitFor(
        "alerts-row",
        e ->
            "task_error".equals(e.getAttribute("data-rule"))
                && "ALERT_STATE_ACKED".equals(e.getAttribute("data-state")));
    assertThat(
            stream(web.call("ListAlerts", "{\"rule\": \"task_error\"}").path("alerts"))
                .filter(a -> a.path("state").asText().equals("ALERT_STATE_ACKED"))
                .map(a -> a.path("ackedBy").asText() + ": " + a.path("ackNote").asText())
                .toList())
        .contains("admin: ping path fixed in the plan");
  }

  @Test
  void schedulesAnImportedPlanInAWindowedLabelRunsItNowPausesAndDeletesIt() throws Exception {
    // given the Schedules page, where the admin sets the front desk's maintenance window
    Browser b = admin;
    b.open(web.url("/#/fleet"));
    b.waitFor("nav-schedules").click();
    b.waitFor("win-form");
    type(b.waitFor("win-label"), "site=front");
    type(b.waitFor("win-days"), "mon-fri");
    type(b.waitFor("win-tz"), "Europe/Dublin");
    b.waitFor("win-set").click();
    assertThat(normalise(row(b, "win-row", "data-label", "site=front").getText()))
        .contains("site=front mon,tue,wed,thu,fri 19:00–07:00 Europe/Dublin");

    // when a weekday-evening schedule is created from a plan file for the PCs labelled site=front
    Path plan = web.fleet.root().resolve("scheduled-hello.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"hello_service\", \"name\": \"front desk\"}],"
            + " \"metadata\": {\"technician_name\": \"Tess Tech\"}}");
    b.waitFor("sched-plan-file").sendKeys(plan.toString());
    b.waitFor("sched-plan", e -> e.getAttribute("value").contains("hello_service"));
    type(b.waitFor("sched-name"), "front-evenings");
    new Select(b.waitFor("sched-target-kind")).selectByValue("labels");
    type(b.waitFor("sched-target"), "site=front");
    type(b.waitFor("sched-cron"), "0 19 * * 1-5");
    type(b.waitFor("sched-tz"), "Europe/Dublin");
    b.waitFor("sched-create").click();

    // then it is listed, enabled, with its next occurrence at 19:00 on a weekday in Dublin, shown
    // in the browser's own time zone
    WebElement listed = row(b, "sched-row", "data-name", "front-evenings");
    JsonNode stored =
        stream(web.call("ListSchedules", "{}").path("schedules"))
            .filter(s -> s.path("name").asText().equals("front-evenings"))
            .findFirst()
            .orElseThrow();
    ZonedDateTime next =
        Instant.parse(stored.path("nextOccurrence").asText()).atZone(ZoneId.of("Europe/Dublin"));
    assertThat(next.getHour()).as("next occurrence's hour in Dublin").isEqualTo(19);
    assertThat(next.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    ZoneId browserZone =
        ZoneId.of(
            (String)
                b.driver()
                    .executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone"));
    String shownNext =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .format(next.withZoneSameInstant(browserZone));
    assertThat(normalise(listed.getText()))
        .contains(
            "front-evenings enabled cron \"0 19 * * 1-5\" Europe/Dublin labels site=front "
                + shownNext
                + " 6h / 10m");
    check(b, "schedules");

    // when the technician runs it now, outside the window (run now waits for no window)
    listed.findElement(Browser.byTestId("sched-run-now")).click();

    // then the front PC's occurrence is dispatched with its run id, and that run finishes
    WebElement occurrence = Pages.occurrence(b, "front-evenings", "dispatched", RUN_WAIT);
    String runId = occurrence.findElement(By.tagName("a")).getText();
    assertThat(runId).isNotBlank();
    assertThat(normalise(occurrence.getText())).contains("(run now)", "dispatched", runId);
    assertThat(b.all("occ-row")).as("occurrences: one PC carries site=front").hasSize(1);
    String agentId = occurrence.getAttribute("data-agent");
    assertThat(web.agents).extracting(Agent::id).contains(agentId);
    io.autoservice.testsupport.Eventually.until(
        "the scheduled run " + runId + " finished",
        RUN_WAIT,
        () ->
            web.runs().stream()
                .anyMatch(
                    r ->
                        r.path("runId").asText().equals(runId)
                            && r.path("state").asText().equals("RUN_STATE_FINISHED")));
    check(b, "schedules-run-now");
    occurrence.findElement(By.tagName("a")).click();
    b.waitFor(
        "report-summary",
        e ->
            runId.equals(e.getAttribute("data-run-id"))
                && "RUN_STATUS_OK".equals(e.getAttribute("data-status")));
    assertThat(b.all("report-task"))
        .extracting(e -> e.getAttribute("data-task-type"))
        .containsExactly("hello_service");
    assertThat(web.runs())
        .filteredOn(r -> r.path("runId").asText().equals(runId))
        .extracting(r -> r.path("agentId").asText())
        .as("the agent the scheduled run went to")
        .containsExactly(agentId);

    // when it is paused, then it shows paused with no next occurrence
    b.driver().navigate().back();
    row(b, "sched-row", "data-name", "front-evenings")
        .findElement(Browser.byTestId("sched-pause"))
        .click();
    WebElement paused =
        b.waitFor(
            "sched-row",
            e ->
                "front-evenings".equals(e.getAttribute("data-name"))
                    && "false".equals(e.getAttribute("data-enabled")));
    assertThat(normalise(paused.getText()))
        .contains("front-evenings paused")
        .doesNotContain(shownNext);
    assertThat(paused.findElements(Browser.byTestId("sched-resume"))).hasSize(1);

    // when it is deleted (twice: the button asks first), then it is gone from the page and server
    WebElement delete = paused.findElement(Browser.byTestId("sched-delete"));
    delete.click();
    b.waitFor("sched-delete", e -> "true".equals(e.getAttribute("data-armed")));
    delete.click();
    b.waitFor("sched-table", e -> b.all("sched-row").isEmpty());
    assertThat(web.call("ListSchedules", "{}").path("schedules").size()).isZero();

    // when a schedule is submitted without a plan, then the page names the field, once
    type(b.waitFor("sched-name"), "bad-cron");
    b.waitFor("sched-create").click();
    assertThat(b.waitFor("toast-error", e -> e.getText().contains("plan:")).getText())
        .contains("plan: expected {\"tasks\": [...]}")
        .doesNotContain("plan: plan:");

    // when the plan is pasted but the cron is bad, then the page names the field
    type(b.waitFor("sched-plan"), "{\"tasks\": [{\"type\": \"hello_service\"}], \"metadata\": {}}");
    type(b.waitFor("sched-target"), "site=front");
    type(b.waitFor("sched-cron"), "61 * * * *");
    b.waitFor("sched-create").click();
    WebElement toast = b.waitFor("toast-error", e -> e.getText().contains("cron:"));
    assertThat(toast.getAttribute("role")).isEqualTo("alert");
    assertThat(toast.getText()).contains("INVALID_ARGUMENT: cron: expected 5 fields");
    assertThat(b.all("sched-row")).as("schedules after the refused one").isEmpty();
    assertThat(web.call("ListSchedules", "{}").path("schedules").size()).isZero();
    check(b, "schedules-bad-cron");

    // and the window goes too (twice as well)
    WebElement window =
        row(b, "win-row", "data-label", "site=front").findElement(Browser.byTestId("win-delete"));
    window.click();
    b.waitFor("win-delete", e -> "true".equals(e.getAttribute("data-armed")));
    window.click();
    b.waitFor("win-table", e -> b.all("win-row").isEmpty());
    assertThat(web.call("ListMaintenanceWindows", "{}").path("windows").size()).isZero();
  }

  @Test
  void aViewerSeesSchedulesButIsRefusedPausingOne() throws Exception {
    // given a schedule the admin made, and a viewer with a console token
    web.call(
        "CreateSchedule",
        "{\"schedule\": {\"name\": \"viewer-sees\", \"plan\": {\"tasks\": [{\"type\":"
            + " \"hello_service\", \"params\": {}}], \"metadata\": {}}, \"every\": \"6h\","
            + " \"all\": true}}");
    String token =
        web.call("AddUser", "{\"name\": \"vince\", \"role\": \"USER_ROLE_VIEWER\"}")
            .path("token")
            .asText();
    Browser b = web.browser("schedules-viewer");
    try {
      Pages.signInWithToken(b, web.url(""), token, "vince");

      // when the viewer opens the Schedules page and presses Pause
      b.open(web.url("/#/schedules"));
      row(b, "sched-row", "data-name", "viewer-sees")
          .findElement(Browser.byTestId("sched-pause"))
          .click();

      // then the controller refuses it, the page says why, and the schedule still runs
      assertThat(b.waitFor("toast-error").getText()).contains("PERMISSION_DENIED", "viewer");
      assertThat(row(b, "sched-row", "data-name", "viewer-sees").getAttribute("data-enabled"))
          .isEqualTo("true");
      check(b, "schedules-viewer-refused");
      assertThat(web.call("ListSchedules", "{}").path("schedules"))
          .filteredOn(s -> s.path("name").asText().equals("viewer-sees"))
          .extracting(s -> s.path("enabled").asBoolean())
          .containsExactly(true);
    } finally {
      web.call("DeleteSchedule", "{\"name\": \"viewer-sees\"}");
    }
  }

  @Test
  void cancelsARunningRun() throws Exception {
    Browser b = admin;
    Path plan = web.fleet.root().resolve("long-ping.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"ping_test\", \"host\": \"127.0.0.1\", \"count\": 120}],"
            + " \"metadata\": {\"technician_name\": \"Tess Tech\"}}");
    b.open(web.url("/#/new"));
    b.waitFor("new-import").sendKeys(plan.toString());
    task(b, "ping_test");
    b.waitFor("new-target-label").click();
    type(b.waitFor("new-label-selector"), "site=front");
    b.waitFor("new-dispatch").click();

    String runId = waitRows(b, "live-row", 1).get(0).getAttribute("data-run-id");
    b.waitFor("live-row", e -> "running".equals(e.getAttribute("data-state")), RUN_WAIT);
    row(b, "live-row", "data-run-id", runId).findElement(Browser.byTestId("live-cancel")).click();
    b.waitFor(
        "live-row",
        e ->
            "finished".equals(e.getAttribute("data-state"))
                && "cancelled".equals(e.getAttribute("data-status")),
        RUN_WAIT);
    check(b, "live-cancelled");
    assertThat(web.report(runId).path("status").asText()).isEqualTo("RUN_STATUS_CANCELLED");
  }

  @Test
  void signingOutEndsTheSessionOnTheServer() throws Exception {
    Browser b = web.browser("signout");
    b.open(web.url("/"));
    b.waitFor("login-user");
    check(b, "login");
    Pages.signInWithToken(b, web.url(""), web.adminToken(), "admin");
    Cookie cookie = b.driver().manage().getCookieNamed("__Host-as-session");
    assertThat(cookie).as("the session cookie __Host-as-session").isNotNull();
    assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
    assertThat(cookie.isSecure()).as("Secure").isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(web.sessionStatus(cookie)).as("the cookie before signing out").isEqualTo(200);

    b.waitFor("signout").click();
    b.waitFor("login-user");

    assertThat(web.sessionStatus(cookie)).as("the old cookie after signing out").isEqualTo(401);
    b.driver().navigate().refresh();
    b.waitFor("login-user");
  }
}
