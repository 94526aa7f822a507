package io.autoservice.agent.tasks.integrity;

import io.autoservice.agent.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading this package's fixtures: recorded outputs in their real encodings, replay cases. */
final class IntegrityFixtures {
  private IntegrityFixtures() {}

  /**
   * A recorded output decoded with {@code cs} and split the way the process runner splits it: at
   * {@code \r\n}, a lone {@code \r} and {@code \n}.
   */
  static List<String> lines(String tool, String name, Charset cs) {
    try {
      String text = new String(Files.readAllBytes(Fixtures.toolOutput(tool, name)), cs);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      List<String> out = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
      if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code fixtures/replays/<type>/<name>}. */
  static Path replays(String type, String name) {
    return Fixtures.root().resolve("replays").resolve(type).resolve(name);
  }

  /** Writes one replay case ({@code <case>.stdout}, {@code .exit}, optional {@code .sleep}). */
  static void writeCase(Path dir, String name, byte[] stdout, int exit, Double sleepSeconds) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".stdout"), stdout);
      Files.writeString(dir.resolve(name + ".exit"), exit + "\n");
      if (sleepSeconds != null) {
        Files.writeString(dir.resolve(name + ".sleep"), sleepSeconds + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a recorded output file. */
  static byte[] bytes(String tool, String name) {
    try {
      return Files.readAllBytes(Fixtures.toolOutput(tool, name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
