package io.autoservice.controller.web;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A large shop chain's fleet, made up but shaped like a real one: {@code sites} shops with the same
 * number of machines each, Windows' own default host names ({@code DESKTOP-7Q2M4KX}, {@code
 * LAPTOP-…}) beside the shop's naming scheme ({@code SHOP07-POS-03}), a mix of Windows releases and
 * agent versions, a role label on most machines. Always the same fleet for the same size (a fixed
 * random seed), so the counts a test expects are stable.
 */
final class FleetSeed {
  static final List<String> ROLES = List.of("front-desk", "workshop", "bench", "loaner");
  private static final String[][] OSES = {
    {"Windows 11 Pro", "10.0.22631"},
    {"Windows 11 Pro", "10.0.26100"},
    {"Windows 11 Home", "10.0.22631"},
    {"Windows 10 Pro", "10.0.19045"},
    {"Windows 10 Home", "10.0.19045"},
    {"Windows Server 2022 Standard", "10.0.20348"},
  };
  private static final List<String> VERSIONS = List.of("0.9.3", "0.9.4", "1.0.0", "1.0.1");
  private static final List<String> TASK_TYPES =
      List.of(
          "smartctl_report",
          "disk_space_report",
          "winsat_disk",
          "battery_health_report",
          "whynotwin11_check",
          "ping_test",
          "iperf_test",
          "sfc_scan",
          "dism_health_check");
  private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

  final List<AgentRecord> agents;

  private FleetSeed(List<AgentRecord> agents) {
    this.agents = agents;
  }

  /** {@code count} agents spread evenly over {@code site=shop-1 … shop-<sites>}. */
  static FleetSeed of(int count, int sites, Instant now) {
    Random random = new Random(20261207L);
    List<AgentRecord> agents = new ArrayList<>(count);
    Set<String> hosts = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int site = i % sites + 1;
      String host = hostname(random, site, i);
      while (!hosts.add(host)) {
        host = hostname(random, site, i);
      }
      String[] os = OSES[random.nextInt(OSES.length)];
      Map<String, String> labels =
          random.nextInt(10) == 0
              ? Map.of("site", "shop-" + site)
              : Map.of("site", "shop-" + site, "role", ROLES.get(random.nextInt(ROLES.size())));
      Instant firstSeen = now.minus(Duration.ofHours(24 + random.nextInt(24 * 180)));
      Instant lastSeen = now.minus(Duration.ofMinutes(5 + random.nextInt(60 * 24 * 7)));
      agents.add(
          new AgentRecord(
              UUID.nameUUIDFromBytes(host.getBytes(StandardCharsets.UTF_8)).toString(),
              host,
              os[0],
              os[1],
              VERSIONS.get(random.nextInt(VERSIONS.size())),
              "SHOP" + site + "\\tech",
              labels,
              TASK_TYPES,
              firstSeen,
              lastSeen));
    }
    return new FleetSeed(agents);
  }

  /**
   * Windows names most machines itself (seven random letters); the rest follow the shop's scheme.
   */
  private static String hostname(Random random, int site, int i) {
    return switch (random.nextInt(6)) {
      case 0, 1 -> "DESKTOP-" + letters(random, 7);
      case 2 -> "LAPTOP-" + letters(random, 7);
      case 3 -> String.format(Locale.ROOT, "SHOP%02d-POS-%04d", site, i);
      case 4 -> String.format(Locale.ROOT, "SHOP%02d-BENCH-%04d", site, i);
      default -> String.format(Locale.ROOT, "WS-%02d-%04d", site, i);
    };
  }

  private static String letters(Random random, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int k = 0; k < n; k++) {
      b.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return b.toString();
  }

  /**
   * Writes every agent into a controller data folder through the controller's own store, in one
   * group commit as its store writer would (10,000 separate fsync'd commits would take a minute).
   */
  void writeTo(Path dataDir) throws Exception {
    try (Database db = Database.open(dataDir)) {
      WriteBatch batch = new WriteBatch();
      agents.forEach(batch::upsertAgent);
      db.stores().writeTarget().write(batch);
    }
  }

  long count(Predicate<AgentRecord> p) {
    return agents.stream().filter(p).count();
  }

  static Predicate<AgentRecord> label(String key, String value) {
    return a -> value.equals(a.labels().get(key));
  }

  /** What the Fleet page's search box matches: host name, id, labels and OS, case-insensitive. */
  static Predicate<AgentRecord> search(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return a ->
        String.join(
                " ", a.hostname(), a.agentId(), a.labels().toString(), a.osName(), a.osVersion())
            .toLowerCase(Locale.ROOT)
            .contains(w);
  }
}
