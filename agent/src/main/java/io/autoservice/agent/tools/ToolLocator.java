package io.autoservice.agent.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a tool's executable, in this order: the task's {@code executable_path} (a file, or a folder
 * holding one of the tool's executable names), the environment variable {@code
 * AUTOSERVICE_TOOL_<NAME>}, the agent config's {@code tools} entry, the portable layout ({@code
 * <tool folder>/<Name - version>/…}, newest version first), then the system ({@code PATH}, and {@code %SystemRoot%\System32} on
 * Windows). A path given by the plan or the environment that does not exist is an error, not a
 * reason to run whatever else is on PATH. Every path is made absolute before a process is started, so no tool depends on the
 * agent's working folder.
 */
public final class ToolLocator {
  private final Map<String, String> env;
  private final boolean windows;
  private final Map<String, String> configured;
  private final List<Path> portableRoots;

  /**
   * @param env the environment ({@code AUTOSERVICE_TOOL_*}, {@code PATH}, {@code SystemRoot})
   * @param windows whether this is Windows
   * @param configured the agent config's tool key to path (a file or a folder)
   * @param portableRoots roots of the portable layout, searched in order
   */
  public ToolLocator(
      Map<String, String> env, boolean windows, Map<String, String> configured, List<Path> portableRoots) {
    this.env = Map.copyOf(env);
    this.windows = windows;
    this.configured = Map.copyOf(configured);
    this.portableRoots = List.copyOf(portableRoots);
  }

  public ToolLocator(Map<String, String> env, boolean windows) {
    this(env, windows, Map.of(), List.of());
  }

  /** The locator for this process's environment and OS, without an agent config. */
  public static ToolLocator system() {
    return new ToolLocator(System.getenv(), isWindowsHost());
  }

  /** The locator for this process's environment and OS, with the agent config's tools. */
  public static ToolLocator system(Map<String, String> configured, List<Path> portableRoots) {
    return new ToolLocator(System.getenv(), isWindowsHost(), configured, portableRoots);
  }

  public static boolean isWindowsHost() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }

  public boolean isWindows() {
    return windows;
  }

  /** Whether the plan or the environment named this tool explicitly. */
  public boolean explicitlyConfigured(Tool tool, Optional<String> executablePath) {
    return executablePath.filter(s -> !s.isBlank()).isPresent()
        || Optional.ofNullable(env.get(tool.envVar())).filter(s -> !s.isBlank()).isPresent();
  }

  public Path locate(Tool tool, Optional<String> executablePath) throws ToolNotFoundException {
    List<String> looked = new ArrayList<>();
    Optional<String> given = executablePath.filter(s -> !s.isBlank());
    if (given.isPresent()) {
      Optional<Path> p = inFileOrFolder(Path.of(given.get()), tool);
      if (p.isPresent()) {
        return p.get();
      }
      // A path the plan names is what the technician meant: never run another binary instead.
      throw new ToolNotFoundException(tool, List.of("executable_path " + given.get()));
    }
    String fromEnv = env.get(tool.envVar());
    if (fromEnv != null && !fromEnv.isBlank()) {
      Optional<Path> p = inFileOrFolder(Path.of(fromEnv), tool);
      if (p.isPresent()) {
        return p.get();
      }
      throw new ToolNotFoundException(tool, List.of(tool.envVar() + "=" + fromEnv));
    }
    String fromConfig = configured.get(tool.key());
    if (fromConfig != null && !fromConfig.isBlank()) {
      Optional<Path> p = inFileOrFolder(Path.of(fromConfig), tool);
      if (p.isPresent()) {
        return p.get();
      }
      looked.add("agent config tools." + tool.key() + "=" + fromConfig);
    }
    if (!tool.portableFolders().isEmpty() && !portableRoots.isEmpty()) {
      Optional<Path> p = PortableLayout.find(portableRoots, tool);
      if (p.isPresent()) {
        return p.get();
      }
      for (Path root : portableRoots) {
        looked.add(root.resolve(tool.portableFolders().get(0) + " - <version>").toString());
      }
    }
    for (Path dir : systemDirs()) {
      for (String name : tool.executableNames()) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toAbsolutePath();
        }
      }
    }
    looked.add(windows ? "PATH and %SystemRoot%\\System32" : "PATH");
    throw new ToolNotFoundException(tool, looked);
  }

  private Optional<Path> inFileOrFolder(Path p, Tool tool) {
    if (Files.isRegularFile(p)) {
      return Optional.of(p.toAbsolutePath().normalize());
    }
    if (Files.isDirectory(p)) {
      for (String name : tool.executableNames()) {
        Path candidate = p.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return Optional.of(candidate.toAbsolutePath().normalize());
        }
      }
    }
    return Optional.empty();
  }

  private List<Path> systemDirs() {
    List<Path> dirs = new ArrayList<>();
    String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
    for (String part : path.split(java.io.File.pathSeparator)) {
      if (!part.isBlank()) {
        try {
          dirs.add(Path.of(part.strip().replace("\"", "")));
        } catch (java.nio.file.InvalidPathException e) {
          // A broken PATH entry must not hide the rest.
        }
      }
    }
    if (windows) {
      String root = env.getOrDefault("SystemRoot", "C:\\Windows");
      dirs.add(Path.of(root, "System32"));
    }
    return dirs;
  }
}
