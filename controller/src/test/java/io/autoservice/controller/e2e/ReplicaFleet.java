package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * Controller replicas as real processes ({@code controller serve}, one {@link FleetProcesses} each,
 * named {@code r1}, {@code r2}, …) on one private PostgreSQL server, each replica's link to it
 * through its own {@link TcpProxy} so it can be cut alone, and all signing with the first replica's
 * CA (the fleet's one identity). Agents are given every replica's address, in order.
 */
final class ReplicaFleet implements AutoCloseable {
  private final TestPostgres postgres;
  private final List<FleetProcesses> replicas = new ArrayList<>();
  private final Map<FleetProcesses, TcpProxy> storeLinks = new LinkedHashMap<>();

  private ReplicaFleet(TestPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL in {@code target/e2e/<label>-postgres-<time>} and {@code count} replicas on a
   * new database of it, with these further settings (timings) in each replica's config.
   */
  static ReplicaFleet start(
      String label, int count, int runLostAfterSeconds, Map<String, Object> config)
      throws Exception {
    Path pgDir =
        Files.createDirectories(Path.of("target", "e2e").toAbsolutePath())
            .resolve(label + "-postgres-" + System.currentTimeMillis());
    ReplicaFleet fleet = new ReplicaFleet(TestPostgres.privateServer(pgDir));
    try {
      TestPostgres.Db db = fleet.postgres.newDatabase();
      for (int i = 1; i <= count; i++) {
        TcpProxy link = TcpProxy.to(fleet.postgres.port());
        Map<String, Object> settings = new LinkedHashMap<>(config);
        settings.put(
            "store_url", "postgresql://" + link.address() + db.url().replaceAll(".*/", "/"));
        settings.put("store_user", db.user());
        settings.put("replica_id", "r" + i);
        if (i > 1) {
          Path tls = fleet.replicas.get(0).controllerData().resolve("tls");
          settings.put("tls_ca_cert_file", tls.resolve("ca.pem").toString());
          settings.put("tls_ca_key_file", tls.resolve("ca.key").toString());
        }
        FleetProcesses replica =
            FleetProcesses.start(label + "-r" + i, runLostAfterSeconds, settings);
        if (i > 1) {
          replica.useTokenFile(fleet.replicas.get(0).tokenFile());
        }
        fleet.replicas.add(replica);
        fleet.storeLinks.put(replica, link);
      }
    } catch (Exception | AssertionError e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  List<FleetProcesses> replicas() {
    return replicas;
  }

  FleetProcesses replica(int index) {
    return replicas.get(index);
  }

  /** The name a replica has in the table and logs ({@code r1}…). */
  String name(FleetProcesses replica) {
    return "r" + (replicas.indexOf(replica) + 1);
  }

  TestPostgres postgres() {
    return postgres;
  }

  /** This replica's link to PostgreSQL. */
  TcpProxy storeLink(FleetProcesses replica) {
    return storeLinks.get(replica);
  }

  /** {@code 127.0.0.1:P1,127.0.0.1:P2,…}: what agents are given. */
  String addressList() {
    return replicas.stream().map(FleetProcesses::address).collect(Collectors.joining(","));
  }

  /** Replicas whose process runs now. */
  List<FleetProcesses> alive() {
    return replicas.stream().filter(FleetProcesses::controllerAlive).toList();
  }

  /** A running replica, for console verbs (any replica reads the one archive). */
  FleetProcesses anyAlive() {
    List<FleetProcesses> alive = alive();
    assertThat(alive).as("a replica running").isNotEmpty();
    return alive.get(0);
  }

  /** Every replica's exported reports folder. */
  List<Path> reportsDirs() {
    return replicas.stream().map(r -> r.controllerData().resolve("reports")).toList();
  }

  /**
   * The replica the agent's current process last connected to, from its log (the agent names the
   * address on each Welcome), or empty before its first Welcome.
   */
  Optional<FleetProcesses> holderOf(Agent a) {
    Matcher m = FleetProcesses.CONNECTED.matcher(FleetProcesses.read(a.log));
    String address = null;
    while (m.find()) {
      address = m.group(1);
    }
    String last = address;
    return replicas.stream().filter(r -> r.address().equals(last)).findFirst();
  }

  /** Restarts every replica whose process is not running, on its data folder and port. */
  void restartDead() throws Exception {
    for (FleetProcesses r : replicas) {
      if (!r.controllerAlive()) {
        r.startController();
      }
    }
  }

  @Override
  public void close() {
    storeLinks.values().forEach(TcpProxy::close);
    replicas.forEach(FleetProcesses::close);
    try {
      postgres.stop();
    } catch (RuntimeException e) {
      // already down
    }
  }
}
