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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.openqa.selenium.Cookie;

/**
 * A fleet for the browser tests: the controller with its web console and two agents (labels {@code
 * site=back}, {@code site=front}) from the built jars, an iperf3 server on loopback for the
 * diagnostics preset, the browsers the tests open, and the admin's own client of the console API
 * (Java's HttpClient, outside any browser) to check what the pages claim against the server.
 */
final class WebFleet implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final FleetProcesses fleet;
  final List<Agent> agents;
  final int iperfPort;
  private final X509Certificate serverCert;
  private final Process iperfServer;
  private final WebClient api;
  private final List<Browser> browsers = new ArrayList<>();

  private WebFleet(
      FleetProcesses fleet,
      List<Agent> agents,
      X509Certificate serverCert,
      int iperfPort,
      Process iperfServer,
      WebClient api) {
    this.fleet = fleet;
    this.agents = agents;
    this.serverCert = serverCert;
    this.iperfPort = iperfPort;
    this.iperfServer = iperfServer;
    this.api = api;
  }

  /** Starts everything; the controller's config gets these settings besides {@code web_listen}. */
  static WebFleet start(String label, Map<String, Object> config) throws Exception {
    FleetProcesses fleet = FleetProcesses.startWithWebConsole(label, config);
    Process iperf = null;
    try {
      List<Agent> agents =
          fleet.startAgents(
              Map.of("back", Map.of("site", "back"), "front", Map.of("site", "front")));
      WebClient api =
          new WebClient(
              URI.create(fleet.webUrl() + "/"), ControllerTls.caFile(fleet.controllerData()));
      Eventually.until("the web console serving on " + fleet.webUrl(), WAIT, () -> answers(api));
      assertThat(api.login("{\"token\": \"" + adminToken(fleet) + "\"}").statusCode())
          .as("the admin's sign-in")
          .isEqualTo(200);
      X509Certificate cert =
          Pem.certificates(
                  Files.readString(ControllerTls.dir(fleet.controllerData()).resolve("server.pem")))
              .get(0);
      int iperfPort = FleetProcesses.freePort();
      iperf =
          new ProcessBuilder(
                  "iperf3", "--server", "--bind", "127.0.0.1", "--port", String.valueOf(iperfPort))
              .redirectErrorStream(true)
              .redirectOutput(fleet.root().resolve("iperf3-server.log").toFile())
              .start();
      return new WebFleet(fleet, agents, cert, iperfPort, iperf, api);
    } catch (Exception | AssertionError e) {
      if (iperf != null) {
        iperf.destroyForcibly();
      }
      fleet.close();
      throw e;
    }
  }

  private static boolean answers(WebClient client) throws Exception {
    try {
      client.get("/api/session");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String adminToken(FleetProcesses fleet) throws IOException {
    return Files.readString(fleet.tokenFile()).strip();
  }

  String adminToken() throws IOException {
    return adminToken(fleet);
  }

  String url(String path) {
    return fleet.webUrl() + path;
  }

  /** A new browser trusting this controller's certificate, closed with the fleet. */
  Browser browser(String name) throws IOException {
    Browser b = Browser.start(name, List.of(serverCert));
    browsers.add(b);
    return b;
  }

  List<Browser> browsers() {
    return List.copyOf(browsers);
  }

  /** A ConsoleService call as the admin; fails the test unless it answers OK. */
  JsonNode call(String method, String requestJson) throws Exception {
    WebClient.GrpcAnswer a = api.call(method, requestJson);
    assertThat(a.status()).as("%s: %s", method, a.message()).isZero();
    return a.body() == null ? WebClient.JSON.createObjectNode() : a.body();
  }

  List<JsonNode> runs() throws Exception {
    return stream(call("ListRuns", "{\"limit\": 1000}").path("runs")).toList();
  }

  /** The run's report as the controller stores it (GetReport's {@code report}). */
  JsonNode report(String runId) throws Exception {
    return call("GetReport", "{\"runId\": \"" + runId + "\"}").path("report");
  }

  /** Cancels what a test left running, so the next one finds idle agents. */
  void cancelUnfinishedRuns() throws Exception {
    for (JsonNode r : runs()) {
      if (!r.path("state").asText().equals("RUN_STATE_FINISHED")) {
        call(
            "CancelRun",
            "{\"runId\": \"" + r.path("runId").asText() + "\", \"reason\": \"left by a test\"}");
      }
    }
  }

  /** What {@code GET /api/session} answers a request carrying only this cookie. */
  int sessionStatus(Cookie cookie) throws Exception {
    WebClient client =
        new WebClient(
            URI.create(fleet.webUrl() + "/"), ControllerTls.caFile(fleet.controllerData()));
    client.cookie = cookie.getName() + "=" + cookie.getValue();
    return client.get("/api/session").statusCode();
  }

  static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  @Override
  public void close() {
    browsers.forEach(Browser::close);
    iperfServer.destroyForcibly();
    fleet.close();
  }
}
