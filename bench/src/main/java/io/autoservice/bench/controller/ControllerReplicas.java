package io.autoservice.bench.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The controllers under test: one with its embedded store, or N replicas on one PostgreSQL
 * database. Replica 1 starts first and makes the CA and the admin; the others are given its CA
 * (cert and key, the key owner-only) so an agent enrolled anywhere is trusted everywhere. Only
 * replica 1 serves the web console and the management endpoints (the others would take the same
 * ports).
 */
public final class ControllerReplicas implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ControllerProcess> replicas = new ArrayList<>();
  private final List<Duration> startTimes = new ArrayList<>();

  private ControllerReplicas() {}

  /**
   * Starts {@code count} controllers with {@code base} settings; with {@code store} null there must
   * be one, on the embedded store. Everything started is stopped again if a later one fails.
   */
  public static ControllerReplicas start(
      Path jar,
      Path workDir,
      ObjectNode base,
      String heap,
      List<String> jvmArgs,
      int count,
      BenchPostgres store)
      throws IOException, InterruptedException {
    if (store == null && count != 1) {
      throw new IllegalArgumentException("replicas need a PostgreSQL store");
    }
    ControllerReplicas r = new ControllerReplicas();
    try {
      for (int i = 1; i <= count; i++) {
        ObjectNode s = base.deepCopy();
        if (store != null) {
          s.put("store_url", store.url());
          if (store.user() != null) {
            s.put("store_user", store.user());
          }
          s.put("replica_id", "replica-" + i);
        }
        if (i > 1) {
          Path[] ca = sharedCa(r.replicas.get(0), workDir);
          s.put("tls_ca_cert_file", ca[0].toString());
          s.put("tls_ca_key_file", ca[1].toString());
          s.put("web_listen", "");
          s.put("management_listen", "");
        }
        String name = i == 1 ? "controller" : "controller-" + i;
        Path file = workDir.resolve(name + "-settings.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), s);
        ControllerProcess p = new ControllerProcess(jar, workDir, name, file, heap, jvmArgs);
        r.replicas.add(p);
        r.startTimes.add(p.start());
      }
      return r;
    } catch (IOException | InterruptedException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** Replica 1's CA copied out of its data folder once, for the other replicas' settings. */
  private static Path[] sharedCa(ControllerProcess first, Path workDir) throws IOException {
    Path dir = workDir.resolve("shared-ca");
    Path cert = dir.resolve("ca.pem");
    Path key = dir.resolve("ca.key");
    if (!Files.exists(key)) {
      Files.createDirectories(dir);
      Files.copy(first.caFile(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(first.caKeyFile(), key, StandardCopyOption.REPLACE_EXISTING);
      // the controller refuses a CA key other users can read
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }
    return new Path[] {cert, key};
  }

  /** Replica 1: where the console side (dispatch, watches, ListRuns) and enrolment go. */
  public ControllerProcess first() {
    return replicas.get(0);
  }

  public List<ControllerProcess> all() {
    return List.copyOf(replicas);
  }

  public int size() {
    return replicas.size();
  }

  /** How long each replica took from start until serving, in order. */
  public List<Duration> startTimes() {
    return List.copyOf(startTimes);
  }

  @Override
  public void close() {
    replicas.forEach(ControllerProcess::close);
  }
}
