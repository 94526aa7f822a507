package io.autoservice.bench.controller;

import io.autoservice.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL the replicas share: a private server started from Debian's binaries under the work
 * folder (its CPU is measured: the postmaster and every backend), or an existing database the
 * operator named (not measured: it may be on another machine).
 */
public final class BenchPostgres implements AutoCloseable {
  private final TestPostgres server; // null: an existing database
  private final Path dir;
  private final String url;
  private final String user;

  private BenchPostgres(TestPostgres server, Path dir, String url, String user) {
    this.server = server;
    this.dir = dir;
    this.url = url;
    this.user = user;
  }

  /** Starts a private server in {@code dir} (owned by the postgres user when run as root). */
  public static BenchPostgres startPrivate(Path dir) {
    TestPostgres pg = TestPostgres.privateServer(dir);
    TestPostgres.Db db = pg.newDatabase();
    return new BenchPostgres(pg, dir, db.url(), db.user());
  }

  /** An existing database: user and password come from the controllers' environment. */
  public static BenchPostgres existing(String url) {
    return new BenchPostgres(null, null, url, null);
  }

  public String url() {
    return url;
  }

  /** The user for {@code store_user}; null: the environment's. */
  public String user() {
    return user;
  }

  public boolean measured() {
    return server != null;
  }

  /**
   * CPU the server used so far: the postmaster's own and reaped children's (cutime + cstime) plus
   * every live backend's, in clock ticks; -1 when not measured.
   */
  public long cpuTicks() throws IOException {
    if (server == null) {
      return -1;
    }
    long postmaster = postmasterPid();
    long ticks = ProcStats.cpuTicksWithReapedChildren(postmaster);
    List<Long> children =
        ProcessHandle.of(postmaster).stream()
            .flatMap(ProcessHandle::descendants)
            .map(ProcessHandle::pid)
            .toList();
    for (long pid : children) {
      try {
        ticks += ProcStats.sample(pid).cpuTicks();
      } catch (IOException gone) {
        // a backend that ended just now: its time is in the postmaster's cutime once reaped
      }
    }
    return ticks;
  }

  /** The postmaster's pid: the first line of {@code postmaster.pid} in its data folder. */
  private long postmasterPid() throws IOException {
    try (Stream<String> lines = Files.lines(dir.resolve("data").resolve("postmaster.pid"))) {
      return Long.parseLong(lines.findFirst().orElseThrow().strip());
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | java.io.UncheckedIOException e) {
        System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
      }
    }
  }
}
