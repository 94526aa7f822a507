package io.autoservice.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.condition.OS;

/**
 * Property-based fuzzing of a confined {@link ToolLocator}: for any {@code executable_path} text
 * ({@code ..} sequences, absolute and relative paths, symbolic links that lead out, loops, NUL and
 * other odd characters, very long strings) it either returns a program whose real path lies inside
 * the allowed entries, or throws {@link ToolNotFoundException}; never anything else, never a hang.
 *
 * <p>The tree, in a fresh temporary folder: {@code tools/} (allowed) with programs, links that stay
 * inside and links that lead out ({@code out.exe}, {@code out-dir}, {@code deep}), a link loop and
 * a dangling link; {@code tools-link} (allowed, a link to {@code real-tools/}); {@code
 * vendor/special} (allowed on its own); and, not allowed, {@code outside/}, {@code tools2/} and
 * {@code vendor/other}, each holding a program of the tool's name.
 */
class ToolLocatorPropertiesTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static final List<String> SEGMENTS =
      List.of(
          "..",
          ".",
          "",
          "tools",
          "tools2",
          "outside",
          "ping",
          "evil.exe",
          "out.exe",
          "out-dir",
          "deep",
          "alias",
          "loop",
          "dangling",
          "tools-link",
          "real-tools",
          "vendor",
          "special",
          "other",
          "Ping - 1.0",
          "ping.exe",
          "sub",
          "..\\outside",
          "~",
          "$HOME",
          "%SystemRoot%");

  private static Path root;
  private static Path cwd;
  private static List<Path> forbidden;
  private static ToolLocator confined;
  private static ToolLocator unconfined;

  @BeforeContainer
  static void createTree() throws IOException {
    if (OS.WINDOWS.isCurrentOs()) {
      return; // symbolic links need privileges there
    }
    root = Files.createTempDirectory("tool-confinement").toRealPath();
    cwd = Path.of("").toAbsolutePath();
    Path tools = Files.createDirectories(root.resolve("tools"));
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path realTools = Files.createDirectories(root.resolve("real-tools"));
    Path tools2 = Files.createDirectories(root.resolve("tools2"));
    Path vendor = Files.createDirectories(root.resolve("vendor"));
    for (Path folder : List.of(tools, outside, realTools, tools2)) {
      Files.writeString(folder.resolve("ping"), "#!/bin/sh\n");
      Files.writeString(folder.resolve("evil.exe"), "");
    }
    Files.createDirectories(tools.resolve("Ping - 1.0"));
    Files.writeString(tools.resolve("Ping - 1.0").resolve("ping.exe"), "");
    Files.createDirectories(tools.resolve("sub"));
    Files.writeString(tools.resolve("sub").resolve("ping"), "");
    Files.createDirectories(outside.resolve("a").resolve("b"));
    Files.writeString(outside.resolve("a").resolve("ping"), "");
    Files.writeString(vendor.resolve("special"), "");
    Files.writeString(vendor.resolve("other"), "");
    Files.createSymbolicLink(tools.resolve("out.exe"), outside.resolve("evil.exe"));
    Files.createSymbolicLink(tools.resolve("out-dir"), outside);
    Files.createSymbolicLink(tools.resolve("deep"), outside.resolve("a").resolve("b"));
    Files.createSymbolicLink(tools.resolve("alias"), tools.resolve("ping"));
    Files.createSymbolicLink(tools.resolve("loop"), tools.resolve("loop"));
    Files.createSymbolicLink(tools.resolve("dangling"), root.resolve("nowhere"));
    Files.createSymbolicLink(root.resolve("tools-link"), realTools);
    forbidden = List.of(outside, tools2, vendor.resolve("other"));
    ToolConfinement allowed =
        ToolConfinement.of(List.of(tools, root.resolve("tools-link"), vendor.resolve("special")));
    confined = new ToolLocator(Map.of("PATH", ""), false, Map.of(), List.of(), allowed);
    unconfined = new ToolLocator(Map.of("PATH", ""), false);
  }

  @AfterContainer
  static void deleteTree() throws IOException {
    if (root == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The located program, or empty when the locator said no (the only other allowed outcome). */
  private static Optional<Path> outcome(ToolLocator locator, String executablePath) {
    return assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            return Optional.of(locator.locate(Tool.PING, Optional.of(executablePath)));
          } catch (ToolNotFoundException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(2_000);
            return Optional.empty();
          }
        });
  }

  private static boolean allowed(Path real) throws IOException {
    return real.startsWith(root.resolve("tools").toRealPath())
        || real.startsWith(root.resolve("real-tools").toRealPath())
        || real.equals(root.resolve("vendor").resolve("special").toRealPath());
  }

  // Each try resolves real paths on disk; new seeds every build (a failing one replayed first)
  // cover more than 3000 tries in one build did, at a third of the wait.
  @Property(tries = 1000)
  void shouldNeverLocateAProgramOutsideTheAllowedFolders(
      @ForAll("executablePaths") String executablePath) throws IOException {
    if (root == null) {
      return;
    }
    Optional<Path> found = outcome(confined, executablePath);

    if (found.isPresent()) {
      Path p = found.get();
      assertThat(p.isAbsolute()).isTrue();
      assertThat(p.toRealPath())
          .as("the path returned is the real path, so what was checked is what runs")
          .isEqualTo(p);
      assertThat(allowed(p)).as("%s from %s", p, executablePath).isTrue();
      for (Path no : forbidden) {
        assertThat(p.startsWith(no.toRealPath())).isFalse();
      }
    }
  }

  @Property(tries = 1000)
  void shouldNeverThrowAnythingButToolNotFoundWhenNotConfined(
      @ForAll("executablePaths") String executablePath) {
    if (root == null) {
      return;
    }
    outcome(unconfined, executablePath);
  }

  @Provide
  Arbitrary<String> executablePaths() {
    Arbitrary<String> separator = Arbitraries.of("/", "/", "/", "//", "\\", "/./");
    Arbitrary<String> joined =
        Combinators.combine(Arbitraries.of(SEGMENTS), separator)
            .as((segment, sep) -> segment + sep)
            .list()
            .ofMinSize(1)
            .ofMaxSize(8)
            .map(parts -> String.join("", parts))
            .map(s -> s.endsWith("/") || s.endsWith("\\") ? s.substring(0, s.length() - 1) : s);
    Arbitrary<String> prefix =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(root == null ? "/" : root + "/")),
            Tuple.of(2, Arbitraries.just(root == null ? "" : cwd.relativize(root) + "/")),
            Tuple.of(1, Arbitraries.just(root == null ? "/" : root + "/tools/")),
            Tuple.of(1, Arbitraries.just("")),
            Tuple.of(1, Arbitraries.just("/")),
            Tuple.of(1, Arbitraries.of("C:\\", "\\\\server\\share\\", "file:///", "~/")));
    Arbitrary<String> structured = Combinators.combine(prefix, joined).as(String::concat);
    Arbitrary<String> odd =
        Combinators.combine(
                structured,
                Arbitraries.of("\u0000", "\n", "\u202E", " ", "\t", ":", "*", "?", "\uD800"),
                Arbitraries.integers().between(0, 40))
            .as(
                (s, c, at) ->
                    s.substring(0, Math.min(at, s.length()))
                        + c
                        + s.substring(Math.min(at, s.length())));
    Arbitrary<String> longOnes =
        Combinators.combine(
                prefix,
                Arbitraries.of("../", "a/", "tools/", "x"),
                Arbitraries.integers().between(100, 20_000))
            .as((p, unit, n) -> p + unit.repeat(n) + "ping");
    return Arbitraries.frequencyOf(
        Tuple.of(10, structured),
        Tuple.of(3, odd),
        Tuple.of(1, longOnes),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)));
  }
}
