package io.autoservice.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's {@code executable_path} under confinement: inside the tool folders it runs (by its real
 * path), anything that leads out of them is refused with a message that says how to allow it, and
 * the operator's own settings are not confined.
 */
@DisabledOnOs(OS.WINDOWS) // symbolic links need privileges there; the logic is the same
class ToolConfinementTest {
  @TempDir Path dir;
  private Path tools;
  private Path outside;
  private ToolLocator confined;

  @BeforeEach
  void setUp() throws Exception {
    tools = Files.createDirectories(dir.resolve("tools"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(tools.resolve("ping"), "#!/bin/sh\n");
    Files.createDirectories(tools.resolve("Ping - 1.0"));
    Files.writeString(tools.resolve("Ping - 1.0").resolve("ping.exe"), "");
    Files.writeString(outside.resolve("ping"), "#!/bin/sh\n");
    Files.writeString(outside.resolve("evil.exe"), "");
    confined = locator(ToolConfinement.of(List.of(tools)));
  }

  private static ToolLocator locator(ToolConfinement confinement) {
    return new ToolLocator(Map.of("PATH", ""), false, Map.of(), List.of(), confinement);
  }

  private Path locate(ToolLocator locator, String executablePath) throws ToolNotFoundException {
    return locator.locate(Tool.PING, Optional.of(executablePath));
  }

  private ToolRefusedException refusal(ToolLocator locator, String executablePath) {
    return catchThrowableOfType(ToolRefusedException.class, () -> locate(locator, executablePath));
  }

  @Test
  void shouldRunAProgramInsideAToolFolderByItsRealPath() throws Exception {
    assertThat(locate(confined, tools.resolve("ping").toString()))
        .isEqualTo(tools.resolve("ping").toRealPath());
    assertThat(locate(confined, tools.resolve("Ping - 1.0").toString()))
        .isEqualTo(tools.resolve("Ping - 1.0").resolve("ping.exe").toRealPath());
  }

  @Test
  void shouldRefuseAProgramOutsideWithAMessageThatSaysHowToAllowIt() {
    // when
    ToolRefusedException e = refusal(confined, outside.resolve("evil.exe").toString());

    // then
    assertThat(e)
        .hasMessage(
            "executable_path "
                + outside.resolve("evil.exe")
                + " is outside the agent's tool folders ("
                + tools
                + "); add it to allowed_tool_paths in the agent config to allow it");
    assertThat(e).isInstanceOf(ToolNotFoundException.class);
  }

  @Test
  void shouldRefuseAFolderOutsideThatHoldsTheTool() {
    assertThat(refusal(confined, outside.toString()))
        .hasMessageContaining("is outside the agent's tool folders");
  }

  @Test
  void shouldRefuseADotDotEscape() {
    String escape = tools + "/../outside/ping";

    assertThat(refusal(confined, escape)).hasMessageContaining("outside the agent's tool folders");
  }

  @Test
  void shouldRefuseASymbolicLinkInsideThatPointsOutside() throws Exception {
    // given
    Files.createSymbolicLink(tools.resolve("link.exe"), outside.resolve("evil.exe"));
    Files.createSymbolicLink(tools.resolve("linked-folder"), outside);

    // then
    assertThat(refusal(confined, tools.resolve("link.exe").toString()))
        .hasMessageContaining("(it resolves to " + outside.resolve("evil.exe").toRealPath() + ")")
        .hasMessageContaining("is outside the agent's tool folders");
    assertThat(refusal(confined, tools.resolve("linked-folder").resolve("ping").toString()))
        .hasMessageContaining("is outside");
    assertThat(refusal(confined, tools.resolve("linked-folder").toString()))
        .hasMessageContaining("is outside");
  }

  @Test
  void shouldRefuseADotDotThroughASymbolicLinkAsTheFileSystemResolvesIt() throws Exception {
    // given: tools/deep -> outside/a/b; "tools/deep/../ping" is outside/a/ping to the OS, though
    // its text normalises to tools/ping (which exists too)
    Path b = Files.createDirectories(outside.resolve("a").resolve("b"));
    Files.writeString(outside.resolve("a").resolve("ping"), "");
    Files.createSymbolicLink(tools.resolve("deep"), b);

    // then
    assertThat(refusal(confined, tools + "/deep/../ping"))
        .hasMessageContaining("resolves to " + outside.resolve("a").resolve("ping").toRealPath());
  }

  @Test
  void shouldAllowALinkInsideThatStaysInside() throws Exception {
    Files.createSymbolicLink(tools.resolve("alias"), tools.resolve("ping"));

    assertThat(locate(confined, tools.resolve("alias").toString()))
        .isEqualTo(tools.resolve("ping").toRealPath());
  }

  @Test
  void shouldAllowAToolFolderThatIsItselfReachedThroughALink() throws Exception {
    // given
    Path via = Files.createSymbolicLink(dir.resolve("tools-link"), tools);
    ToolLocator locator = locator(ToolConfinement.of(List.of(via)));

    // then
    assertThat(locate(locator, via.resolve("ping").toString()))
        .isEqualTo(tools.resolve("ping").toRealPath());
    assertThat(locate(locator, tools.resolve("ping").toString()))
        .isEqualTo(tools.resolve("ping").toRealPath());
  }

  @Test
  void shouldNotTakeASiblingWithTheSamePrefixForTheToolFolder() throws Exception {
    // given: "tools2" starts with the text "tools"
    Path sibling = Files.createDirectories(dir.resolve("tools2"));
    Files.writeString(sibling.resolve("ping"), "");

    assertThat(refusal(confined, sibling.resolve("ping").toString()))
        .hasMessageContaining("is outside");
  }

  @Test
  void shouldAllowWhatAllowedToolPathsAdds() throws Exception {
    // given: one program, and one folder
    Path special = outside.resolve("evil.exe");
    Path folder = Files.createDirectories(dir.resolve("vendor"));
    Files.writeString(folder.resolve("ping"), "");
    ToolLocator locator = locator(ToolConfinement.of(List.of(tools, special, folder)));

    // then
    assertThat(locate(locator, special.toString())).isEqualTo(special.toRealPath());
    assertThat(locate(locator, folder.toString())).isEqualTo(folder.resolve("ping").toRealPath());
    assertThat(refusal(locator, outside.resolve("ping").toString()))
        .hasMessageContaining("is outside");
  }

  @Test
  void shouldSayOutsideForAMissingProgramOutsideAndNotFoundForAMissingOneInside() {
    // Outside, existing or not, is one answer: the plan learns nothing about other folders.
    assertThat(refusal(confined, dir.resolve("nowhere").resolve("ping").toString()))
        .hasMessageContaining("is outside the agent's tool folders");
    ToolNotFoundException inside =
        catchThrowableOfType(
            ToolNotFoundException.class,
            () -> locate(confined, tools.resolve("gone.exe").toString()));
    assertThat(inside)
        .isNotInstanceOf(ToolRefusedException.class)
        .hasMessage("ping not found; looked in: executable_path " + tools.resolve("gone.exe"));
  }

  @Test
  void shouldRefuseAPathThatIsNoPathWithTheCharacterEscaped() {
    ToolRefusedException e = refusal(confined, tools + "/ping\u0000.exe");

    assertThat(e)
        .hasMessageStartingWith(
            "executable_path " + tools + "/ping\\u0000.exe is not a valid path");
  }

  @Test
  void shouldRefuseAVeryLongPathWithAShortMessage() {
    String path = dir + "/" + "a/".repeat(20_000) + "ping";

    assertThat(refusal(confined, path).getMessage()).hasSizeLessThan(1_000).contains("(40");
  }

  @Test
  void shouldTakeARelativePathFromTheWorkingFolder() throws Exception {
    // given: a relative path that climbs to the tool folder from wherever the tests run
    String relative = Path.of("").toAbsolutePath().relativize(tools.resolve("ping")).toString();

    assertThat(locate(confined, relative)).isEqualTo(tools.resolve("ping").toRealPath());
    assertThat(
            refusal(
                confined,
                Path.of("").toAbsolutePath().relativize(outside.resolve("ping")).toString()))
        .hasMessageContaining("is outside");
  }

  @Test
  void shouldNotConfineTheOperatorsEnvironmentOrConfig() throws Exception {
    // given: both point outside the tool folders
    ToolLocator fromEnv =
        new ToolLocator(
            Map.of("PATH", "", "AUTOSERVICE_TOOL_PING", outside.toString()),
            false,
            Map.of(),
            List.of(),
            ToolConfinement.of(List.of(tools)));
    ToolLocator fromConfig =
        new ToolLocator(
            Map.of("PATH", ""),
            false,
            Map.of("PING", outside.resolve("ping").toString()),
            List.of(),
            ToolConfinement.of(List.of(tools)));

    // then
    assertThat(fromEnv.locate(Tool.PING, Optional.empty())).isEqualTo(outside.resolve("ping"));
    assertThat(fromConfig.locate(Tool.PING, Optional.empty())).isEqualTo(outside.resolve("ping"));
  }

  @Test
  void shouldHonourAnyPathWhenNotConfinedAsTheOriginalRunnerDid() throws Exception {
    ToolLocator free = new ToolLocator(Map.of("PATH", ""), false);

    assertThat(free.confinement()).isEmpty();
    assertThat(locate(free, outside.resolve("evil.exe").toString()))
        .isEqualTo(outside.resolve("evil.exe"));
    assertThat(catchThrowableOfType(ToolRefusedException.class, () -> locate(free, "ping\u0000")))
        .hasMessageContaining("is not a valid path");
  }

  @Test
  void shouldNameTheFirstFewAllowedEntriesAndCountTheRest() {
    ToolConfinement many =
        ToolConfinement.of(
            List.of(
                dir.resolve("a"),
                dir.resolve("b"),
                dir.resolve("c"),
                dir.resolve("d"),
                dir.resolve("e"),
                dir.resolve("f"),
                dir.resolve("g")));

    assertThat(many.describe()).endsWith(dir.resolve("e") + ", and 2 more");
    assertThat(ToolConfinement.of(List.of()).describe()).isEqualTo("none configured");
  }
}
