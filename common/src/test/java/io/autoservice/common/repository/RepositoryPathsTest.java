package io.autoservice.common.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No file of ours names a folder of one particular machine (a checkout, the shared reference
 * folder, a user's home): such a path works only there. Shared data is named {@code ../shared/…}
 * relative to the project root and resolved from it in code ({@link ProjectRoot}).
 */
class RepositoryPathsTest {

  /*
   * The patterns are spelled with character classes so that this file does not match itself.
   * A Windows path is matched with one or two backslashes, as it is written in text or in a Java
   * string literal. A Windows profile path into the profile's own data (AppData, Documents, …) is
   * what the cleaning and scanning tools report about the PC they ran on: test data, not a
   * developer's checkout.
   */
  private static final String BS = "\\\\{1,2}+";

  private static final Pattern MACHINE_PATH =
      Pattern.compile(
          "(?<![\\w.~-])/wor[k]/"
              + "|(?<![\\w.~-])/roo[t]/"
              + "|(?<![\\w.~-])/hom[e]/[A-Za-z_][\\w.-]*/"
              + "|(?<![\\w.~-])/User[s]/[^/\\s]+/"
              + "|\\b[A-Za-z]:"
              + BS
              + "User[s]"
              + BS
              + "(?!Public"
              + BS
              + ")[\\p{L}\\p{N} ._-]+"
              + BS
              + "(?!(?:AppData|Documents|Downloads|Desktop|Music|Pictures|Videos|Favorites)\\b)"
              + "[\\p{L}\\p{N} ._-]{2,}(?:"
              + BS
              + "|$|[\"'`)])");

  /** Folders that hold no file of ours: build output, Git's data, IDE settings. */
  private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", ".idea", ".vscode");

  /** What a local run leaves at the root, ignored by Git (see .gitignore). */
  private static final Set<Path> SKIPPED_AT_ROOT = Set.of(Path.of("data"), Path.of("tmp"));

  /**
   * Recorded (and reconstructed) tool outputs are data: the paths in them are the PC's the tool ran
   * on, not ours. Their READMEs are ours.
   */
  private static final List<Path> TOOL_OUTPUTS =
      List.of(Path.of("fixtures", "tool-outputs"), Path.of("fixtures", "replays"));

  /** Files that need such a path, with the reason. Keep it short. */
  private static final Map<Path, String> ALLOWED =
      Map.of(
          Path.of(
              "agent/src/test/java/io/autoservice/agent/tasks/ai/notifications/BrowserProfilesInventoryTest.java"),
          "a made-up HOME fed to the code under test");

  @Test
  void shouldNameNoFolderOfAParticularMachine() throws IOException {
    // given
    Path root = ProjectRoot.find();

    // when
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(RepositoryPathsTest::isOurs)
          .forEach(file -> hits.addAll(machinePaths(root, file)));
    }

    // then
    assertThat(hits)
        .as("absolute paths of a machine; name shared data ../shared/… from the project root")
        .isEmpty();
  }

  @Test
  void shouldRecogniseTheMachinePathsItLooksFor() {
    assertThat(MACHINE_PATH.matcher("see " + "/wor" + "k/shared/reference/x").find()).isTrue();
    assertThat(MACHINE_PATH.matcher("/hom" + "e/dev/autoservice/pom.xml").find()).isTrue();
    assertThat(MACHINE_PATH.matcher("cd /roo" + "t/autoservice").find()).isTrue();
    assertThat(MACHINE_PATH.matcher("/User" + "s/dev/autoservice").find()).isTrue();
    assertThat(MACHINE_PATH.matcher("\"C:\\\\User" + "s\\\\dev\\\\autoservice\"").find()).isTrue();
    assertThat(MACHINE_PATH.matcher("C:\\User" + "s\\dev\\autoservice").find()).isTrue();
    assertThat(MACHINE_PATH.matcher("C:\\User" + "s\\Jürgen Meyer\\src\\autoservice").find())
        .isTrue();
  }

  @Test
  void shouldLeaveRelativeAndSystemPathsAlone() {
    assertThat(MACHINE_PATH.matcher("../shared/reference/tool-outputs/sfc/").find()).isFalse();
    assertThat(MACHINE_PATH.matcher("src/main/network/work/x /usr/lib/jvm/bin/java").find())
        .isFalse();
    assertThat(MACHINE_PATH.matcher("%SystemRoot%\\System32\\sfc.exe /tmp/b10k").find()).isFalse();
    assertThat(MACHINE_PATH.matcher("Deleted C:\\User" + "s\\Anna\\AppData\\Local\\x").find())
        .isFalse();
    assertThat(MACHINE_PATH.matcher("rundll32 \"C:\\User" + "s\\Public\\Libraries\\a.dll\"").find())
        .isFalse();
  }

  private static boolean isOurs(Path file) {
    if (SKIPPED_AT_ROOT.stream().anyMatch(file::startsWith)) {
      return false;
    }
    for (Path part : file) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return false;
      }
    }
    boolean toolOutput = TOOL_OUTPUTS.stream().anyMatch(file::startsWith);
    if (toolOutput && !file.getFileName().toString().equals("README.md")) {
      return false;
    }
    return !ALLOWED.containsKey(file);
  }

  private static List<String> machinePaths(Path root, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(root.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (isBinary(bytes)) {
      return List.of();
    }
    List<String> hits = new ArrayList<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (MACHINE_PATH.matcher(lines[i]).find()) {
        hits.add(file + ":" + (i + 1) + ": " + lines[i].strip());
      }
    }
    return hits;
  }

  /** A NUL byte near the start: an image, a jar, a UTF-16 capture. */
  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
