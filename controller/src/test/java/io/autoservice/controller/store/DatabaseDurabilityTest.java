package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller acks an agent's events once they are committed, and the agent may then forget
 * them: a commit must survive the controller being killed (SIGKILL) right after it. H2 by default
 * writes committed changes to its file only every 500 ms, so a kill lost acked events, and whole
 * finished runs (found by {@code NothingLostIT}).
 */
class DatabaseDurabilityTest {

  /**
   * Run in a child JVM: commits rows one by one (autocommit, as the event writer's batches),
   * printing the number of each after its commit returned, until it is killed.
   */
  public static void main(String[] args) throws Exception {
    Database db = Database.open(Path.of(args[0]));
    try (Connection c = db.writeDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS crash_probe (n INTEGER PRIMARY KEY)");
    }
    System.out.println("ready");
    System.out.flush();
    AtomicInteger next = new AtomicInteger(Integer.parseInt(args[1]));
    // Several writers at once, as the event writer, the dispatcher and the registry are.
    for (int t = 0; t < WRITERS; t++) {
      Thread writer =
          new Thread(
              () -> {
                try (Connection c = db.writeDataSource().getConnection();
                    PreparedStatement ps =
                        c.prepareStatement("INSERT INTO crash_probe VALUES (?)")) {
                  while (true) {
                    int n = next.incrementAndGet();
                    ps.setInt(1, n);
                    ps.executeUpdate();
                    synchronized (System.out) {
                      System.out.println(n); // "acked": committed
                      System.out.flush();
                    }
                  }
                } catch (Exception e) {
                  e.printStackTrace();
                }
              });
      writer.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static final int WRITERS = 3;

  @Test
  void shouldKeepEveryCommitWhenTheControllerIsKilled(@TempDir Path data) throws Exception {
    // Twice: the second start opens a database a kill left behind, as a restarted controller does.
    Set<Integer> acked = new HashSet<>(runAndKill(data, 0));
    acked.addAll(runAndKill(data, 10_000_000));

    try (Database db = Database.open(data);
        Connection c = db.writeDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n FROM crash_probe")) {
      Set<Integer> kept = new HashSet<>();
      while (rs.next()) {
        kept.add(rs.getInt(1));
      }
      Set<Integer> lost = new TreeSet<>(acked);
      lost.removeAll(kept);
      assertThat(lost).as("committed before a kill (of %d), not kept", acked.size()).isEmpty();
    }
  }

  /**
   * Starts the writers in a child JVM, SIGKILLs it after a while; returns the rows it had
   * committed.
   */
  private static Set<Integer> runAndKill(Path data, int firstRow) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    DatabaseDurabilityTest.class.getName(),
                    data.toString(),
                    Integer.toString(firstRow)))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Set<Integer> acked = new HashSet<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
      // Killed mid-stream: the last commits are well within H2's default 500 ms write delay.
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
      String line;
      while ((line = out.readLine()) != null) {
        acked.add(Integer.parseInt(line));
        if (System.nanoTime() > killAt) {
          child.destroyForcibly(); // SIGKILL: every row printed so far had been committed
          break;
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(acked).as("rows committed before the kill").isNotEmpty();
    return acked;
  }
}
