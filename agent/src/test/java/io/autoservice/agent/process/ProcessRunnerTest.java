package io.autoservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs real child processes; Linux-only because the scripts are POSIX shell. */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class ProcessRunnerTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private static final Duration SHORT_GRACE = Duration.ofMillis(300);

  private final ProcessRunner runner = new ProcessRunner();
  private final ProcessRunner quickKill = new ProcessRunner(SHORT_GRACE, 20_000);

  private static ProcessSpec sh(String script, Duration timeout) {
    return ProcessSpec.of(List.of("/bin/sh", "-c", script), timeout);
  }

  private static ProcessSpec python(String program, Duration timeout) {
    return ProcessSpec.of(List.of("python3", "-c", program), timeout);
  }

  @Test
  void reportsExitCodeAndKeepsStreamsApart() throws IOException {
    ProcessResult result =
        runner.run(
            sh("echo out1; echo err1 >&2; echo out2; exit 3", TEN_SECONDS),
            null,
            CancellationToken.none());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdoutLines()).containsExactly("out1", "out2");
    assertThat(result.stderrLines()).containsExactly("err1");
    assertThat(result.stdout()).isEqualTo("out1\nout2");
    assertThat(result.combined()).isEqualTo("out1\nout2\nerr1");
    assertThat(result.timedOut()).isFalse();
    assertThat(result.cancelled()).isFalse();
    assertThat(result.outputTruncated()).isFalse();
    assertThat(result.elapsed()).isPositive().isLessThan(TEN_SECONDS);
  }

  @Test
  void largeInterleavedOutputDoesNotDeadlockAndEveryLineArrives() throws IOException {
    // 200,000 stdout lines (20 MB) and 50,000 stderr lines (5 MB) of 100 bytes each.
    String program =
        String.join(
            "\n",
            "import sys",
            "out, err = sys.stdout.buffer, sys.stderr.buffer",
            "for i in range(200000):",
            "    out.write(b'%08d' % i + b'o' * 91 + b'\\n')",
            "    if i % 4 == 0:",
            "        err.write(b'%08d' % (i // 4) + b'e' * 91 + b'\\n')");
    RecordingListener listener = new RecordingListener(false);
    ProcessRunner keeps100k = new ProcessRunner(ProcessRunner.DEFAULT_KILL_GRACE, 100_000);

    ProcessResult result = keeps100k.run(python(program, TEN_SECONDS), listener, null);

    assertThat(result.exitCode()).isZero();
    assertThat(listener.stdoutCount()).isEqualTo(200_000);
    assertThat(listener.stderrCount()).isEqualTo(50_000);
    assertThat(result.outputTruncated()).isTrue();
    List<String> out = result.stdoutLines();
    assertThat(out).hasSize(100_000);
    assertThat(out.get(0)).startsWith("00000000o").hasSize(99);
    assertThat(out.get(999)).startsWith("00000999");
    assertThat(out.get(1000)).startsWith("00101000");
    assertThat(out.get(99_999)).startsWith("00199999");
    assertThat(result.stderrLines()).hasSize(50_000);
    assertThat(result.stderrLines().get(49_999)).startsWith("00049999e");
  }

  @Test
  void timeoutKillsTheWholeTreeIncludingGrandchildren() throws IOException {
    RecordingListener listener = new RecordingListener();
    ProcessSpec spec =
        sh("sleep 1000 & echo $!; sleep 1000 & echo $!; echo $$; wait", Duration.ofSeconds(1));

    ProcessResult result = quickKill.run(spec, listener, CancellationToken.none());

    assertThat(result.timedOut()).isTrue();
    assertThat(result.cancelled()).isFalse();
    // SIGTERM sufficed. The shell may see its children die first and end its `wait` with 0 just
    // before its own SIGTERM lands, so either is right; SIGKILL (137) would not be.
    assertThat(result.exitCode()).isIn(0, 128 + 15);
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(4));
    assertThat(listener.pids()).hasSize(3);
    listener.pids().forEach(ProcessRunnerTest::assertDead);
  }

  @Test
  void childIgnoringSigtermIsKilledForciblyAfterTheGracePeriod() throws IOException {
    RecordingListener listener = new RecordingListener();
    ProcessSpec spec =
        sh("trap '' TERM; sleep 1000 & echo $!; echo $$; wait", Duration.ofMillis(500));

    ProcessResult result = quickKill.run(spec, listener, null);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(128 + 9); // it took SIGKILL
    assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(500).plus(SHORT_GRACE));
    assertThat(listener.pids()).hasSize(2);
    listener.pids().forEach(ProcessRunnerTest::assertDead);
  }

  @Test
  void orphanIgnoringSigtermIsKilledToo() throws Exception {
    // The shell dies of SIGTERM, its python child (ignoring SIGTERM) is reparented to PID 1 and
    // so is no longer a descendant: only the snapshot taken before the kill can still reach it.
    String python =
        "import os, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            + "print(os.getpid(), flush=True); time.sleep(1000)";
    RecordingListener listener = new RecordingListener().expectStdoutLines(2);
    CancellationToken cancel = new CancellationToken();
    ProcessSpec spec = sh("echo $$; python3 -c '" + python + "' & wait", TEN_SECONDS);

    CompletableFuture<ProcessResult> run = runAsync(quickKill, spec, listener, cancel);
    assertThat(listener.awaitStdout(10)).isTrue();
    cancel.cancel("test");
    ProcessResult result = run.join();

    assertThat(result.cancelled()).isTrue();
    assertThat(listener.pids()).hasSize(2);
    listener.pids().forEach(ProcessRunnerTest::assertDead);
  }

  @Test
  void utf16leOutputLikeSfcIsDecodedIntoLines() throws IOException {
    String text =
        "\r\nBeginning system scan.  This process will take some time.\r\n\r\n"
            + "Beginning verification phase of system scan.\r\n"
            + "Verification 5% complete.\rVerification 42% complete.\r"
            + "Verification 100% complete.\r\n"
            + "Überprüfung abgeschlossen.\r\n";
    // Written in odd-sized pieces, so reads may split characters and CR LF pairs.
    String program =
        String.join(
            "\n",
            "import sys",
            "b = sys.stdin.buffer.read()",
            "for i in range(0, len(b), 7):",
            "    sys.stdout.buffer.write(b[i:i + 7]); sys.stdout.buffer.flush()");
    ProcessSpec spec =
        python(program, TEN_SECONDS)
            .withStdin(text.getBytes(StandardCharsets.UTF_16LE))
            .withCharset(ToolCharset.auto(Charset.forName("IBM850")));

    ProcessResult result = runner.run(spec, null, null);

    assertThat(result.stdoutLines())
        .containsExactly(
            "",
            "Beginning system scan.  This process will take some time.",
            "",
            "Beginning verification phase of system scan.",
            "Verification 5% complete.",
            "Verification 42% complete.",
            "Verification 100% complete.",
            "Überprüfung abgeschlossen.");
  }

  @Test
  void crTerminatedProgressLinesArriveWhileTheProcessRuns() throws Exception {
    RecordingListener listener = new RecordingListener().expectStdoutLines(1);
    ProcessSpec spec = sh("printf 'step 1\\r'; sleep 2; printf 'step 2\\r\\n'", TEN_SECONDS);

    CompletableFuture<ProcessResult> run = runAsync(runner, spec, listener, null);
    assertThat(listener.awaitStdout(10)).isTrue();
    assertThat(run).isNotDone(); // the child is still sleeping
    assertThat(listener.stdout()).containsExactly("step 1");

    assertThat(run.join().stdoutLines()).containsExactly("step 1", "step 2");
  }

  @Test
  void oemAndUtf8LinesInOneOutputAreBothDecoded() throws IOException {
    Charset ibm850 = Charset.forName("IBM850");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("Überprüfung\r\n".getBytes(ibm850));
    bytes.writeBytes("Größe ✓ 100%\n".getBytes(StandardCharsets.UTF_8));
    ProcessSpec spec =
        ProcessSpec.of(List.of("cat"), TEN_SECONDS)
            .withStdin(bytes.toByteArray())
            .withCharset(ToolCharset.auto(ibm850));

    assertThat(runner.run(spec, null, null).stdoutLines())
        .containsExactly("Überprüfung", "Größe ✓ 100%");
  }

  @Test
  void closedStdinGivesEndOfFileAtOnce() throws IOException {
    ProcessResult result =
        runner.run(sh("read x; echo \"got:[$x] status:$?\"", TEN_SECONDS), null, null);

    assertThat(result.stdoutLines()).containsExactly("got:[] status:1");
    assertThat(result.timedOut()).isFalse();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void stdinBytesAreFedToTheChild() throws IOException {
    ProcessSpec spec =
        sh("read x; echo \"got:[$x] status:$?\"", TEN_SECONDS)
            .withStdin("Y\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(runner.run(spec, null, null).stdoutLines()).containsExactly("got:[Y] status:0");
  }

  @Test
  void unreadStdinDoesNotBlockTheRun() throws IOException {
    ProcessSpec spec = sh("echo done", TEN_SECONDS).withStdin(new byte[4 << 20]);

    ProcessResult result = runner.run(spec, null, null);

    assertThat(result.stdoutLines()).containsExactly("done");
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void cancelFromAnotherThreadKillsTheTree() throws Exception {
    RecordingListener listener = new RecordingListener().expectStdoutLines(2);
    CancellationToken cancel = new CancellationToken();
    ProcessSpec spec = sh("sleep 1000 & echo $!; echo $$; wait", TEN_SECONDS);

    CompletableFuture<ProcessResult> run = runAsync(quickKill, spec, listener, cancel);
    assertThat(listener.awaitStdout(10)).isTrue();
    cancel.cancel("user pressed stop");
    ProcessResult result = run.join();

    assertThat(result.cancelled()).isTrue();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
    assertThat(cancel.reason()).isEqualTo("user pressed stop");
    listener.pids().forEach(ProcessRunnerTest::assertDead);
  }

  @Test
  void alreadyCancelledTokenDoesNotStartTheProgram(@TempDir Path dir) throws IOException {
    CancellationToken cancel = new CancellationToken();
    cancel.cancel("shutdown");
    Path marker = dir.resolve("ran");

    ProcessResult result = runner.run(sh("touch " + marker, TEN_SECONDS), null, cancel);

    assertThat(result.cancelled()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(marker).doesNotExist();
  }

  @Test
  void missingProgramFailsWithItsName() {
    ProcessSpec spec = ProcessSpec.of(List.of("no-such-tool-4711", "/x"), TEN_SECONDS);

    assertThatThrownBy(() -> runner.run(spec, null, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-tool-4711");
  }

  @Test
  void workingDirectoryAndEnvironmentAreApplied(@TempDir Path dir) throws IOException {
    ProcessSpec spec =
        sh("pwd; echo \"$AUTOSERVICE_TEST_VAR\"", TEN_SECONDS)
            .withWorkingDir(dir)
            .withEnv(Map.of("AUTOSERVICE_TEST_VAR", "hello"));

    assertThat(runner.run(spec, null, null).stdoutLines())
        .containsExactly(dir.toRealPath().toString(), "hello");
  }

  @Test
  void failingListenerDoesNotStopTheReader() throws IOException {
    OutputListener failing =
        new OutputListener() {
          @Override
          public void onLine(StreamKind stream, String line) {
            throw new IllegalStateException("listener bug");
          }
        };

    ProcessResult result = runner.run(sh("echo a; echo b", TEN_SECONDS), failing, null);

    assertThat(result.stdoutLines()).containsExactly("a", "b");
  }

  @Test
  void returnsWhenALeftoverProcessHoldsTheOutputOpen() throws IOException {
    ProcessRunner shortDrain = new ProcessRunner(SHORT_GRACE, 1000, Duration.ofMillis(300));
    RecordingListener listener = new RecordingListener();

    ProcessResult result =
        shortDrain.run(sh("sleep 1000 & echo $!; echo started", TEN_SECONDS), listener, null);

    try {
      // Whether the JDK's own end-of-process drain or our bounded wait ends the read is a race,
      // so outputTruncated may be either; what matters is that the run returns.
      assertThat(result.exitCode()).isZero();
      assertThat(result.stdoutLines()).endsWith("started");
      assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
    } finally {
      for (long pid : listener.pids()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static CompletableFuture<ProcessResult> runAsync(
      ProcessRunner runner, ProcessSpec spec, OutputListener listener, CancellationToken cancel) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return runner.run(spec, listener, cancel);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Dead means gone, or a zombie (where PID 1 does not reap orphans). */
  private static void assertDead(long pid) {
    boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    if (running) {
      String state;
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      } catch (IOException e) {
        state = "gone";
      }
      assertThat(state).as("state of pid %d", pid).isIn("Z", "X", "gone");
    }
  }
}
