package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.tls.Pem;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.controller.tls.ControllerTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The Fleet page with 10,000 agents in a real headless Chromium against a real controller whose
 * store holds them: how soon the first rows and the full count show, frame times while the list is
 * flung to its middle and end and while a tenth of the fleet gets runs queued, and how soon a label
 * or text filter shows its count. Timings are printed, not asserted (they depend on the machine);
 * what is asserted is what a user would notice: every agent counted, only a screenful of rows in
 * the DOM, the last agent reachable, the filters' counts right, the changes shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebFleetScaleIT {
  private static final int AGENTS = 10_000;
  private static final int SITES = 20;
  private static final Duration LOAD_WAIT = Duration.ofSeconds(30);

  private FleetSeed seed;
  private ControllerServer server;
  private WebClient admin;
  private Browser browser;
  private FleetPageProbe probe;

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    seed = FleetSeed.of(AGENTS, SITES, Instant.now());
    seed.writeTo(data);
    server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("", null)
                .with("127.0.0.1:0", data)
                .withWebListen("127.0.0.1:0"),
            Clock.systemUTC());
    String base = "https://" + server.webAddress().orElseThrow();
    String token = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    admin = new WebClient(URI.create(base + "/"), server.caFile().orElseThrow());
    assertThat(admin.login("{\"token\":\"" + token + "\"}").statusCode()).isEqualTo(200);
    browser =
        Browser.start(
            "fleet10k",
            Pem.certificates(Files.readString(ControllerTls.dir(data).resolve("server.pem"))));
    Pages.signInWithToken(browser, base, token, "admin");
    // The sign-in lands on the Fleet page: let it load the whole fleet once, as a controller that
    // has served the page before would have (else that first load, still running on the server,
    // competes with the measured one).
    browser.waitFor("fleet-count", c -> c.getText().startsWith(AGENTS + " agents"));
    probe = new FleetPageProbe(browser);
    probe.markLoads(AGENTS);
    // A new document, not a same-page hash change, so the timings start at a navigation (the
    // scripts may come from the cache the sign-in filled, as for a technician back on the page).
    browser.open("about:blank");
    browser.open(base + "/#/fleet");
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(0)
  void theFleetPagesSnapshotHoldsEveryAgentInAFractionOfTheListing() throws Exception {
    WebClient.GrpcAnswer slim = admin.call("ListAgents", "{\"omitTaskTypes\":true}");
    long t0 = System.nanoTime();
    WebClient.FirstMessage snapshot = admin.firstMessage("WatchFleetSnapshot", "{}");
    long snapshotMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(slim.body().get("agents")).hasSize(AGENTS);
    assertThat(snapshot.body().get("complete").asBoolean()).isTrue();
    JsonNode hosts = snapshot.body().get("agents").get("hostname");
    assertThat(hosts).hasSize(AGENTS);
    assertThat(snapshot.body().get("agents").get("labelCount")).hasSize(AGENTS);
    Set<String> listed = new HashSet<>();
    slim.body().get("agents").forEach(a -> listed.add(a.get("machine").get("hostname").asText()));
    Set<String> inSnapshot = new HashSet<>();
    hosts.forEach(h -> inSnapshot.add(h.asText()));
    assertThat(inSnapshot).isEqualTo(listed);
    System.out.printf(
        "fleet page, %,d agents: ListAgents %,d kB as JSON without task types; the"
            + " WatchFleetSnapshot stream's first message %,d kB, read in %,d ms%n",
        AGENTS, slim.body().toString().length() / 1024, snapshot.bytes() / 1024, snapshotMs);
  }

  @Test
  @Order(1)
  void theWholeFleetIsCountedAndOnlyAScreenfulOfRowsIsDrawn() throws Exception {
    Map<String, Number> marks = probe.loadMarks(LOAD_WAIT);
    print(
        "fleet page, %,d agents: first rows after %.0f ms, all %,d counted after %.0f ms"
            + " (from navigation start)",
        AGENTS, marks.get("firstRow").doubleValue(), AGENTS, marks.get("counted").doubleValue());
    Map<String, Number> parts = probe.loadBreakdown();
    print(
        "fleet page, %,d agents, where the load went (ms from navigation start): document ready"
            + " %.0f, session answered %.0f, page rendered %.0f, WatchFleetSnapshot asked %.0f,"
            + " its first message (the whole fleet) parsed %.0f, applied to the model %.0f, rows in"
            + " the DOM %.0f, first frame with rows %.0f",
        AGENTS,
        parts.get("ready").doubleValue(),
        parts.get("sessionEnd").doubleValue(),
        parts.getOrDefault("render", -1).doubleValue(),
        parts.get("watchStart").doubleValue(),
        parts.get("snapshot").doubleValue(),
        parts.getOrDefault("applied", -1).doubleValue(),
        parts.getOrDefault("drawn", -1).doubleValue(),
        marks.get("firstRow").doubleValue());
    assertThat(browser.waitFor("fleet-count").getText()).startsWith(AGENTS + " agents");
    assertThat(browser.all("fleet-row")).hasSizeBetween(1, 199);
    browser.screenshot("fleet-10k");
  }

  @Test
  @Order(2)
  void flungToTheMiddleAndTheEndItStaysAScreenfulAndReachesTheLastAgent() {
    print(
        "fleet page, %,d agents, flung to the middle in 2 s: %s",
        AGENTS, probe.frames("middle", 2000));
    assertThat(browser.all("fleet-row")).hasSizeBetween(1, 199);
    browser
        .driver()
        .executeScript(
            "const l = document.querySelector('[data-testid=\"fleet-list\"]');"
                + " l.scrollTop = l.scrollHeight / 4;");
    print(
        "fleet page, %,d agents, scrolled at a mouse wheel's 3,000 px/s for 2 s: %s",
        AGENTS, probe.frames("wheel", 2000));
    print("fleet page, %,d agents, flung to the end in 2 s: %s", AGENTS, probe.frames("end", 2000));
    List<WebElement> rows = browser.all("fleet-row");
    assertThat(rows).hasSizeBetween(1, 199);
    // aria-rowindex counts the header row: the last agent is row AGENTS + 1.
    assertThat(rows)
        .extracting(r -> r.getAttribute("aria-rowindex"))
        .contains(String.valueOf(AGENTS + 1));
  }

  @Test
  @Order(3)
  void theLabelAndTextFiltersShowTheirCounts() {
    long inShop7 = seed.count(FleetSeed.label("site", "shop-7"));
    double byLabel = probe.filter("fleet-label-filter", "site=shop-7", "change", shown(inShop7));
    print(
        "fleet page, %,d agents: label filter site=shop-7 counted %,d after %.0f ms",
        AGENTS, inShop7, byLabel);
    probe.filter("fleet-label-filter", "", "change", shown(AGENTS));

    long laptops = seed.count(FleetSeed.search("laptop"));
    double byText = probe.filter("fleet-search", "laptop", "input", shown(laptops));
    print(
        "fleet page, %,d agents: search \"laptop\" counted %,d after %.0f ms",
        AGENTS, laptops, byText);
    probe.filter("fleet-search", "", "input", shown(AGENTS));

    assertThat(inShop7).isEqualTo(AGENTS / SITES);
    assertThat(laptops).isBetween(1L, AGENTS - 1L);
  }

  @Test
  @Order(4)
  void itStaysSmoothWhileATenthOfTheFleetGetsRunsQueued() throws Exception {
    browser
        .driver()
        .executeScript("document.querySelector('[data-testid=\"fleet-list\"]').scrollTop = 0;");
    // Ten dispatches 250 ms apart, each queueing a run for every agent of a shop (they are
    // offline: the runs wait for them), so the WatchFleet stream carries up to 2,000 agent and run
    // changes a second.
    CompletableFuture<Long> dispatches =
        CompletableFuture.supplyAsync(
            () -> {
              long t0 = System.nanoTime();
              for (int site = 1; site <= SITES / 2; site++) {
                dispatchTo("shop-" + site);
                sleep(250);
              }
              return (System.nanoTime() - t0) / 1_000_000;
            });
    // Long enough to cover the dispatches on a busy machine (they took 2.5 to 5 s here).
    FleetPageProbe.Frames frames = probe.frames(null, 5000);
    long dispatchMs = dispatches.get();
    print(
        "fleet page, %,d agents, 5 s while %,d get a run queued (10 dispatches over %,d ms): %s",
        AGENTS, AGENTS / 2, dispatchMs, frames);

    probe.filter(
        "fleet-label-filter",
        "site=shop-1",
        "change",
        shown(seed.count(FleetSeed.label("site", "shop-1"))));
    browser.waitFor("fleet-row", r -> r.getText().contains("+1 queued"));
  }

  @Test
  @Order(5)
  void thePagesStreamReaderGivesBackEveryFrameHoweverTheBytesAreCut() {
    // The snapshot is one message of about a megabyte that arrives in many chunks: api.js's
    // FrameReader must give it back whole once, and frames around it, wherever the cuts fall.
    Object result =
        browser
            .driver()
            .executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                import('/js/api.js').then(({ FrameReader }) => {
                  const enc = new TextEncoder();
                  const frame = (flag, text) => {
                    const b = enc.encode(text);
                    const f = new Uint8Array(5 + b.length);
                    f[0] = flag;
                    new DataView(f.buffer).setUint32(1, b.length);
                    f.set(b, 5);
                    return f;
                  };
                  const big = '["' + 'x'.repeat(1 << 18) + '\\u00e9"]';
                  const parts = [frame(0, '{"a":1}'), frame(0, ''), frame(0, big),
                    frame(0x80, 'grpc-status: 0')];
                  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
                  let o = 0;
                  for (const p of parts) { all.set(p, o); o += p.length; }
                  for (const most of [7, 1000, 16384, 65536]) {
                    const r = new FrameReader();
                    const got = [];
                    for (let at = 0; at < all.length;) {
                      const n = 1 + Math.floor(Math.random() * most);
                      got.push(...r.push(all.slice(at, at + n)));
                      at += n;
                    }
                    const texts = got.map((f) => (f.trailer ? 'T:' : '') + f.text.length);
                    const want = ['7', '0', String(big.length), 'T:14'];
                    if (texts.join() !== want.join() || got[2].text !== big || r.pending !== 0) {
                      return done(`cuts of up to ${most} bytes: ${texts.join()}`);
                    }
                  }
                  done('ok');
                }, (e) => done(String(e)));
                """);
    assertThat(result).isEqualTo("ok");
  }

  private void dispatchTo(String site) {
    try {
      WebClient.GrpcAnswer a =
          admin.call(
              "Dispatch",
              "{\"plan\":{\"tasks\":[{\"type\":\"smartctl_report\"}]},"
                  + "\"labels\":{\"labels\":{\"site\":\""
                  + site
                  + "\"}}}");
      assertThat(a.status()).as("Dispatch to %s: %s", site, a.message()).isZero();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the count line says of the rows a filter leaves. */
  private static String shown(long n) {
    return "\u00b7 " + n + " shown";
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
