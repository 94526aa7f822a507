package io.autoservice.agent.config;

import io.autoservice.agent.tools.ToolConfinement;
import io.autoservice.agent.tools.ToolLocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which programs a plan may make the agent run: the one place that decides, for both modes.
 *
 * <ul>
 *   <li><b>Fleet mode</b> ({@code agent connect}): plans come from the network, so a plan's {@code
 *       executable_path} is always confined: its real path (symbolic links, junctions and {@code
 *       ..} resolved) must lie inside the config's {@code tool_folders}, the portable-layout roots
 *       ({@code data/programs} beside the agent and in its working folder, when they exist), or an
 *       entry of {@code allowed_tool_paths} (a folder, or one program).
 *   <li><b>Local mode</b> ({@code agent run}): the person at the keyboard is the operator and the
 *       original runner's plans carry their own paths (the samples use {@code ..\data\programs\…}),
 *       so {@code executable_path} is honoured as given, unless the config sets {@code
 *       "confine_tools": true}, which confines it exactly as fleet mode does.
 * </ul>
 *
 * <p>In both modes {@code AUTOSERVICE_TOOL_*}, the config's {@code tools}, the portable layout and
 * the system folders are the operator's and are never confined; and no task type runs an arbitrary
 * command: every task runs its own tool with arguments it builds itself.
 */
public final class ToolPolicy {
  private ToolPolicy() {}

  /**
   * The locator for {@code agent run}: confined only when the config sets {@code confine_tools}.
   */
  public static ToolLocator localRun(AgentConfig config) {
    ToolLocator tools = ToolLocator.system(config.tools(), ToolFolders.roots(config));
    return config.confineTools() ? tools.confinedTo(confinement(config)) : tools;
  }

  /** The locator for {@code agent connect}: always confined. */
  public static ToolLocator fleet(AgentConfig config) {
    return ToolLocator.system(config.tools(), ToolFolders.roots(config))
        .confinedTo(confinement(config));
  }

  /**
   * Where a plan's {@code executable_path} may point: {@code tool_folders} (whether or not they
   * exist yet), the portable-layout roots, then {@code allowed_tool_paths}; relative entries are
   * taken from the working folder.
   */
  public static ToolConfinement confinement(AgentConfig config) {
    List<Path> allowed = new ArrayList<>();
    config.toolFolders().forEach(f -> allowed.add(Path.of(f)));
    allowed.addAll(ToolFolders.roots(config));
    config.allowedToolPaths().forEach(p -> allowed.add(Path.of(p)));
    return ToolConfinement.of(allowed);
  }
}
