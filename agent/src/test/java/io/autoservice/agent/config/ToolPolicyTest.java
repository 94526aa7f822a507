package io.autoservice.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.autoservice.agent.tools.ToolConfinement;
import io.autoservice.agent.tools.ToolLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confinement policy: fleet mode always confines a plan's {@code executable_path}; {@code agent
 * run} only with {@code "confine_tools": true}; the allowed entries are the tool folders, the
 * portable-layout roots and {@code allowed_tool_paths}.
 */
class ToolPolicyTest {
  @TempDir Path dir;

  private AgentConfig load(String json) throws Exception {
    Path file = dir.resolve("agent.json");
    Files.writeString(file, json);
    return AgentConfig.load(file);
  }

  @Test
  void shouldReadAllowedToolPathsAndConfineTools() throws Exception {
    // when
    AgentConfig config =
        load(
            "{\"tool_folders\":[\"C:/AutoService/data/programs\"],"
                + "\"allowed_tool_paths\":[\"D:/Vendor/tool.exe\",\"D:/Other\"],\"confine_tools\":true}");

    // then
    assertThat(config.allowedToolPaths()).containsExactly("D:/Vendor/tool.exe", "D:/Other");
    assertThat(config.confineTools()).isTrue();
    assertThat(config.toolFolders()).containsExactly("C:/AutoService/data/programs");
  }

  @Test
  void shouldDefaultToNoExtraPathsAndNoLocalConfinement() throws Exception {
    AgentConfig fromFile = load("{}");
    AgentConfig fromCode = new AgentConfig(Map.of(), List.of(), Map.of(), Map.of());

    for (AgentConfig config : List.of(fromFile, fromCode, AgentConfig.empty())) {
      assertThat(config.allowedToolPaths()).isEmpty();
      assertThat(config.confineTools()).isFalse();
    }
  }

  @Test
  void shouldNameTheNewKeysWhenAKeyIsUnknown() {
    AgentConfig.ConfigException e =
        catchThrowableOfType(
            AgentConfig.ConfigException.class, () -> load("{\"allowed_tools\":[]}"));

    assertThat(e)
        .hasMessageContaining("unknown key \"allowed_tools\"")
        .hasMessageContaining("allowed_tool_paths, confine_tools");
  }

  @Test
  void shouldRefuseABlankAllowedPathNamingIt() {
    AgentConfig.ConfigException e =
        catchThrowableOfType(
            AgentConfig.ConfigException.class,
            () -> load("{\"allowed_tool_paths\":[\"C:/ok\",\"  \"]}"));

    assertThat(e)
        .hasMessageEndingWith("allowed_tool_paths[1]: is empty (expected: a folder or a program)");
  }

  @Test
  void shouldAlwaysConfineInFleetMode() {
    AgentConfig config = new AgentConfig(Map.of(), List.of(dir.toString()), Map.of(), Map.of());

    ToolLocator fleet = ToolPolicy.fleet(config);

    assertThat(fleet.confinement()).isPresent();
    assertThat(fleet.confinement().get().allowed()).contains(dir);
  }

  @Test
  void shouldConfineAgentRunOnlyWhenTheConfigSaysSo() throws Exception {
    AgentConfig free = load("{\"tool_folders\":[\"" + json(dir) + "\"]}");
    AgentConfig strict = load("{\"tool_folders\":[\"" + json(dir) + "\"],\"confine_tools\":true}");

    assertThat(ToolPolicy.localRun(free).confinement()).isEmpty();
    assertThat(ToolPolicy.localRun(strict).confinement()).isPresent();
  }

  @Test
  void shouldAllowTheToolFoldersThePortableRootsAndTheExtraPaths() throws Exception {
    // given
    Path extraFile = dir.resolve("vendor").resolve("tool.exe");
    Path missingFolder = dir.resolve("not-yet");
    AgentConfig config =
        load(
            "{\"tool_folders\":[\""
                + json(missingFolder)
                + "\"],\"allowed_tool_paths\":[\""
                + json(extraFile)
                + "\"]}");

    // when
    ToolConfinement confinement = ToolPolicy.confinement(config);

    // then: a tool folder counts before it exists; the portable roots are all in
    assertThat(confinement.allowed()).startsWith(missingFolder).contains(extraFile);
    assertThat(confinement.allowed()).containsAll(ToolFolders.roots(config));
  }

  private static String json(Path p) {
    return p.toString().replace("\\", "\\\\");
  }
}
