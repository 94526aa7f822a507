package io.autoservice.agent.process;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run and how: an immutable description of one tool invocation.
 *
 * <p>Build one with {@link #of} and refine it with the {@code with*} methods, each of which returns
 * a new spec.
 *
 * @param command the program and its arguments; not empty, no null elements
 * @param workingDir the working directory, or null to inherit the agent's
 * @param stdin bytes to write to the program's standard input before closing it, or null to close
 *     it at once (so a program that prompts reads end-of-file instead of waiting forever)
 * @param charset how the program's output bytes are decoded
 * @param timeout how long the program may run before its process tree is killed; positive
 * @param extraEnv variables added to (or replacing those of) the agent's environment
 * @param maxLines how many lines per stream the result keeps, or 0 for the runner's bound; only for
 *     a tool whose whole output is one document (iperf3's JSON), which a cut middle would spoil
 */
public record ProcessSpec(
    List<String> command,
    Path workingDir,
    byte[] stdin,
    ToolCharset charset,
    Duration timeout,
    Map<String, String> extraEnv,
    int maxLines) {

  private static final ToolCharset DEFAULT_CHARSET =
      ToolCharset.auto(Charset.forName("windows-1252"));

  /** Validates and takes defensive copies. */
  public ProcessSpec {
    Objects.requireNonNull(command, "command");
    command = List.copyOf(command);
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("command must name a program: " + command);
    }
    stdin = stdin == null ? null : stdin.clone();
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
    if (maxLines < 0) {
      throw new IllegalArgumentException("maxLines must not be negative: " + maxLines);
    }
  }

  /**
   * A spec with the defaults: output decoded with {@code ToolCharset.auto(windows-1252)} (UTF-16LE
   * if the output starts like it, else UTF-8 per line with a windows-1252 fallback), stdin closed,
   * the agent's working directory and no extra environment.
   */
  public static ProcessSpec of(List<String> command, Duration timeout) {
    return new ProcessSpec(command, null, null, DEFAULT_CHARSET, timeout, Map.of(), 0);
  }

  /** This spec run in {@code dir}; null inherits the agent's working directory. */
  public ProcessSpec withWorkingDir(Path dir) {
    return new ProcessSpec(command, dir, stdin, charset, timeout, extraEnv, maxLines);
  }

  /** This spec with {@code bytes} fed to stdin; null closes stdin at once. */
  public ProcessSpec withStdin(byte[] bytes) {
    return new ProcessSpec(command, workingDir, bytes, charset, timeout, extraEnv, maxLines);
  }

  /** This spec with its output decoded by {@code cs}. */
  public ProcessSpec withCharset(ToolCharset cs) {
    return new ProcessSpec(command, workingDir, stdin, cs, timeout, extraEnv, maxLines);
  }

  /** This spec with {@code env} as its extra environment, replacing any set before. */
  public ProcessSpec withEnv(Map<String, String> env) {
    return new ProcessSpec(command, workingDir, stdin, charset, timeout, env, maxLines);
  }

  /** This spec with another timeout. */
  public ProcessSpec withTimeout(Duration newTimeout) {
    return new ProcessSpec(command, workingDir, stdin, charset, newTimeout, extraEnv, maxLines);
  }

  /**
   * This spec keeping up to {@code lines} lines per stream in the result (0: the runner's bound).
   */
  public ProcessSpec withMaxLines(int lines) {
    return new ProcessSpec(command, workingDir, stdin, charset, timeout, extraEnv, lines);
  }

  /** A copy of the stdin bytes (the record must stay immutable), or null. */
  @Override
  public byte[] stdin() {
    return stdin == null ? null : stdin.clone();
  }

  /** The program, as named in the command. */
  String program() {
    return command.get(0);
  }

  // The array component needs content-based equals, hashCode and toString.
  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessSpec other
        && command.equals(other.command)
        && Objects.equals(workingDir, other.workingDir)
        && Arrays.equals(stdin, other.stdin)
        && charset.equals(other.charset)
        && timeout.equals(other.timeout)
        && extraEnv.equals(other.extraEnv)
        && maxLines == other.maxLines;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        command, workingDir, Arrays.hashCode(stdin), charset, timeout, extraEnv, maxLines);
  }

  // Only the environment's names: values may hold credentials, and specs end up in logs.
  @Override
  public String toString() {
    return "ProcessSpec[command="
        + command
        + ", workingDir="
        + workingDir
        + ", stdin="
        + (stdin == null ? "closed" : stdin.length + " bytes")
        + ", charset="
        + charset
        + ", timeout="
        + timeout
        + ", extraEnv="
        + extraEnv.keySet()
        + (maxLines == 0 ? "" : ", maxLines=" + maxLines)
        + "]";
  }
}
