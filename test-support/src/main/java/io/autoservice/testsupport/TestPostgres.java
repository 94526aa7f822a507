package io.autoservice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for tests. {@link #shared()} is the one named by {@code
 * AUTOSERVICE_TEST_POSTGRES} ({@code postgresql://user:pass@127.0.0.1:port/db}, set by {@code
 * .ci/run}) or else one started here from Debian's binaries in a temporary folder, on loopback,
 * fsync on, stopped at JVM exit. Tests take a fresh database each ({@link #newDatabase()}) and so
 * never share state. No binaries at all is a failure, not a skip: CI must have them.
 */
public final class TestPostgres {
  /** A database's address and credentials. */
  public record Db(String url, String user, String password) {
    /** The JDBC URL ({@code jdbc:postgresql://…}). */
    public String jdbcUrl() {
      return "jdbc:" + url;
    }
  }

  private static final String ENV = "AUTOSERVICE_TEST_POSTGRES";
  private static final String SUPERUSER = "postgres";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static TestPostgres shared;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final Path dir; // null: a server we did not start
  private Process postmaster;

  private TestPostgres(String host, int port, String user, String password, Path dir) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.dir = dir;
  }

  /** The JVM's server: the environment's, or one started on first use. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      String url = System.getenv(ENV);
      if (url != null && !url.isBlank()) {
        shared = fromUrl(url.strip());
      } else {
        try {
          Path dir = Files.createTempDirectory("test-postgres-");
          TestPostgres pg = privateServer(dir);
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        pg.stopQuietly();
                        deleteQuietly(dir);
                      },
                      "test-postgres-remove"));
          shared = pg;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return shared;
  }

  /** A server of the caller's own in {@code dir} (to stop, start and kill), running on return. */
  public static TestPostgres privateServer(Path dir) {
    TestPostgres pg = new TestPostgres("127.0.0.1", freePort(), SUPERUSER, "", dir);
    pg.initdb();
    pg.start();
    Runtime.getRuntime().addShutdownHook(new Thread(pg::stopQuietly, "test-postgres-stop"));
    return pg;
  }

  private static TestPostgres fromUrl(String url) {
    URI u = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
    String[] info =
        u.getUserInfo() == null ? new String[] {SUPERUSER} : u.getUserInfo().split(":", 2);
    return new TestPostgres(
        u.getHost(),
        u.getPort() < 0 ? 5432 : u.getPort(),
        info[0],
        info.length > 1 ? info[1] : "",
        null);
  }

  /** A new, empty database of its own, owned by the server's superuser. */
  public Db newDatabase() {
    String name = "t_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbc("postgres"), user, password);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + host + ":" + port, e);
    }
    return new Db("postgresql://" + host + ":" + port + "/" + name, user, password);
  }

  public int port() {
    return port;
  }

  private String jdbc(String db) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + db;
  }

  /** Starts the server (on the same port) and waits until it takes connections. */
  public synchronized void start() {
    requireOwn();
    try {
      postmaster =
          command(
                  bin("postgres").toString(),
                  "-D",
                  dir.resolve("data").toString(),
                  "-p",
                  String.valueOf(port),
                  "-c",
                  "listen_addresses=127.0.0.1",
                  "-c",
                  "unix_socket_directories=" + dir,
                  "-c",
                  "fsync=on",
                  "-c",
                  "max_connections=200")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("postgres.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Connection c = DriverManager.getConnection(jdbc("postgres"), user, password)) {
        return;
      } catch (SQLException e) {
        if (!postmaster.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "PostgreSQL did not start; see " + dir.resolve("postgres.log"), e);
        }
        sleep(100);
      }
    }
  }

  /** Stops the server cleanly (a fast shutdown: clients are cut off) and waits for it. */
  public synchronized void stop() {
    requireOwn();
    signal("INT");
  }

  /** SIGKILLs the postmaster, as a crash would; its backends end once they notice. */
  public synchronized void kill() {
    requireOwn();
    signal("KILL");
  }

  /** Signals the postmaster itself (under runuser, the child) and waits for it to end. */
  private void signal(String sig) {
    if (postmaster == null || !postmaster.isAlive()) {
      return;
    }
    long pid =
        postmaster
            .toHandle()
            .children()
            .findFirst()
            .map(ProcessHandle::pid)
            .filter(x -> isRoot())
            .orElse(postmaster.pid());
    try {
      new ProcessBuilder("kill", "-" + sig, String.valueOf(pid)).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    waitFor(postmaster);
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      // the JVM is ending
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind
    }
  }

  private void initdb() {
    try {
      Files.createDirectories(dir);
      if (isRoot()) {
        run(List.of("chown", "-R", SUPERUSER, dir.toString()));
      }
      List<String> cmd =
          List.of(
              bin("initdb").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-U",
              SUPERUSER,
              "--auth=trust",
              "-E",
              "UTF8",
              "--no-instructions");
      runAsOwner(cmd);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void runAsOwner(List<String> cmd) throws IOException {
    Process p = command(cmd.toArray(String[]::new)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (waitFor(p) != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (waitFor(p) != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }

  /** initdb and postgres refuse root: as root, run them as Debian's postgres user. */
  private static ProcessBuilder command(String... cmd) {
    List<String> all = new ArrayList<>();
    if (isRoot()) {
      all.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    all.addAll(List.of(cmd));
    return new ProcessBuilder(all);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The newest {@code /usr/lib/postgresql/<v>/bin}, else the PATH. */
  static Path bin(String tool) {
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        var newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin").resolve(tool)))
                .max(Comparator.comparingInt(TestPostgres::version));
        if (newest.isPresent()) {
          return newest.get().resolve("bin").resolve(tool);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no PostgreSQL binaries ("
            + tool
            + ") in /usr/lib/postgresql/*/bin or on the PATH:"
            + " install Debian's postgresql package, or set "
            + ENV
            + " to a running server");
  }

  private static int version(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void requireOwn() {
    if (dir == null) {
      throw new IllegalStateException("a server from " + ENV + " is not this JVM's to control");
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int waitFor(Process p) {
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return p.waitFor();
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
