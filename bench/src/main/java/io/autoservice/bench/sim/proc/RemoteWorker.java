package io.autoservice.bench.sim.proc;

import io.autoservice.bench.sim.FleetSnapshot;
import io.autoservice.bench.sim.proc.WorkerProtocol.Command;
import io.autoservice.bench.sim.proc.WorkerProtocol.Message;
import io.autoservice.bench.sim.proc.WorkerProtocol.Ready;
import io.autoservice.bench.sim.proc.WorkerProtocol.Report;
import io.autoservice.bench.sim.proc.WorkerProtocol.Verb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one simulator child process: sends it numbered commands on its stdin,
 * keeps the latest counters it reported on stdout, and turns its death (or silence) into a {@link
 * SimWorkerException} naming it and quoting its stderr. Killed on {@link #close()} and by a
 * shutdown hook, so no simulator outlives the bench.
 */
public final class RemoteWorker implements AutoCloseable {
  private static final int STDERR_TAIL_LINES = 15;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path stderrLog;
  private final Writer stdin;
  private final Thread hook;
  private volatile FleetSnapshot latest = FleetSnapshot.EMPTY;
  private volatile long acked;
  private volatile int readyAgents = -1;
  private volatile String failure;
  private volatile boolean closing;
  private long seq;

  private RemoteWorker(String name, Process process, Path stderrLog) {
    this.name = name;
    this.process = process;
    this.stderrLog = stderrLog;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.hook = new Thread(this::kill, "bench-kill-" + name.replace(' ', '-'));
    Runtime.getRuntime().addShutdownHook(hook);
    Thread reader = new Thread(this::read, "bench-read-" + name.replace(' ', '-'));
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}; its stderr goes to {@code stderrLog}. */
  public static RemoteWorker start(String name, List<String> command, Path stderrLog)
      throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()))
            .start();
    return new RemoteWorker(name, p, stderrLog);
  }

  public String name() {
    return name;
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits until the child built its channels; returns how many agents it simulates. */
  public int awaitReady(long deadlineNanos) throws InterruptedException {
    while (readyAgents < 0) {
      check();
      if (System.nanoTime() > deadlineNanos) {
        throw failed("did not get its agents ready in time");
      }
      Thread.sleep(20);
    }
    return readyAgents;
  }

  /** Sends a command without waiting; returns its number for {@link #awaitAck}. */
  public synchronized long send(Verb verb) {
    check();
    long n = ++seq;
    try {
      stdin.write(WorkerProtocol.encode(new Command(verb, n)));
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw failed("could not be written to (" + e.getMessage() + ")");
    }
    return n;
  }

  /** Waits until the child reported that command {@code n} is done. */
  public void awaitAck(long n, long deadlineNanos) throws InterruptedException {
    while (acked < n) {
      check();
      if (System.nanoTime() > deadlineNanos) {
        throw failed("did not acknowledge command " + n + " in time");
      }
      Thread.sleep(1);
    }
  }

  /** The counters it last reported (at most ~100 ms old). */
  public FleetSnapshot snapshot() {
    check();
    return latest;
  }

  private void check() {
    if (failure != null) {
      throw failed(failure);
    }
  }

  private SimWorkerException failed(String what) {
    return new SimWorkerException(
        name
            + " (pid "
            + process.pid()
            + ") "
            + what
            + "; last lines of its stderr ("
            + stderrLog
            + "):\n"
            + stderrTail());
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        accept(line);
      }
    } catch (IOException e) {
      // the pipe broke: the child is gone, handled below
    }
    if (!closing) {
      String status;
      try {
        status =
            process.waitFor(5, TimeUnit.SECONDS)
                ? "exited with status " + process.exitValue()
                : "closed its stdout";
      } catch (InterruptedException e) {
        status = "closed its stdout";
      }
      failure = status;
    }
  }

  private void accept(String line) {
    Message m;
    try {
      m = WorkerProtocol.decodeMessage(line);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + name + " wrote a stray line: " + line);
      return;
    }
    if (m instanceof Ready r) {
      readyAgents = r.agents();
    } else if (m instanceof Report r) {
      latest = r.counters(); // before the ack: whoever sees the ack sees these counters
      acked = Math.max(acked, r.ack());
    }
  }

  private String stderrTail() {
    try {
      List<String> lines = Files.readAllLines(stderrLog, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Tells it to stop, closes its stdin, and kills it if it has not exited within 10 s. */
  @Override
  public void close() {
    close(STOP_GRACE);
  }

  /** {@link #close()} with another grace period; a test's child that ignores STOP needs no 10 s. */
  void close(Duration grace) {
    closing = true;
    try {
      synchronized (this) {
        if (process.isAlive()) {
          stdin.write(WorkerProtocol.encode(new Command(Verb.STOP, ++seq)) + "\n");
        }
        stdin.close();
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  /** SIGKILL, and wait for it to be reaped, so "closed" means "not running". */
  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
