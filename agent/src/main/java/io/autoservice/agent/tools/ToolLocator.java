package io.autoservice.agent.tools;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a tool's executable, in this order: the task's {@code executable_path} (a file, or a folder
 * holding one of the tool's executable names), the environment variable {@code
 * AUTOSERVICE_TOOL_<NAME>}, the agent config's {@code tools} entry, the portable layout ({@code
 * <tool folder>/<Name - version>/…}, newest version first), then the system ({@code PATH}, and
 * {@code %SystemRoot%\System32} on Windows). A path given by the plan or the environment that does
 * not exist is an error, not a reason to run whatever else is on PATH. Every path is made absolute
 * before a process is started, so no tool depends on the agent's working folder.
 *
 * <p><b>Confinement.</b> A locator built with a {@link ToolConfinement} (always in fleet mode; in
 * {@code agent run} when the config sets {@code confine_tools}) runs a plan's {@code
 * executable_path} only if its real path lies inside the allowed folders; anything else is a {@link
 * ToolRefusedException} and nothing else is run instead. The environment, the config's {@code
 * tools}, the portable layout and the system folders are the operator's choices and are not
 * confined. A path that is not a path at all (a NUL character, say) is refused either way.
 */
public final class ToolLocator {
  private final Map<String, String> env;
  private final boolean windows;
  private final Map<String, String> configured;
  private final List<Path> portableRoots;
  private final ToolConfinement confinement;

  /**
   * @param env the environment ({@code AUTOSERVICE_TOOL_*}, {@code PATH}, {@code SystemRoot})
   * @param windows whether this is Windows
   * @param configured the agent config's tool key to path (a file or a folder)
   * @param portableRoots roots of the portable layout, searched in order
   */
  public ToolLocator(
      Map<String, String> env,
      boolean windows,
      Map<String, String> configured,
      List<Path> portableRoots) {
    this(env, windows, configured, portableRoots, null);
  }

  /**
   * @param confinement where a plan's {@code executable_path} may point, or {@code null} for
   *     anywhere (the original runner's behaviour)
   */
  public ToolLocator(
      Map<String, String> env,
      boolean windows,
      Map<String, String> configured,
      List<Path> portableRoots,
      ToolConfinement confinement) {
    this.env = Map.copyOf(env);
    this.windows = windows;
    this.configured = Map.copyOf(configured);
    this.portableRoots = List.copyOf(portableRoots);
    this.confinement = confinement;
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
    return System.getProperty("os.name", "")
        .toLowerCase(java.util.Locale.ROOT)
        .startsWith("windows");
  }

  public boolean isWindows() {
    return windows;
  }

  /** This locator, with a plan's {@code executable_path} confined as given. */
  public ToolLocator confinedTo(ToolConfinement confinement) {
    return new ToolLocator(
        env, windows, configured, portableRoots, requireNonNull(confinement, "confinement"));
  }

  /** Where a plan's {@code executable_path} may point; empty when it is not confined. */
  public Optional<ToolConfinement> confinement() {
    return Optional.ofNullable(confinement);
  }

  /** Whether the plan or the environment named this tool explicitly. */
  public boolean explicitlyConfigured(Tool tool, Optional<String> executablePath) {
    // Only a path that exists here counts: a plan written for Windows names C:\ paths that mean
    // nothing on this machine, and its Windows-only tasks should be skipped, not fail.
    return executablePath.filter(ToolLocator::exists).isPresent()
        || Optional.ofNullable(env.get(tool.envVar())).filter(ToolLocator::exists).isPresent();
  }

  private static boolean exists(String path) {
    if (path == null || path.isBlank()) {
      return false;
    }
    try {
      return Files.exists(Path.of(path));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  public Path locate(Tool tool, Optional<String> executablePath) throws ToolNotFoundException {
    List<String> looked = new ArrayList<>();
    Optional<String> given = executablePath.filter(s -> !s.isBlank());
    if (given.isPresent()) {
      // A path the plan names is what the technician meant: never run another binary instead.
      Path path = path(given.get(), "executable_path " + shown(given.get()));
      if (confinement != null) {
        return confined(tool, given.get(), path);
      }
      Optional<Path> p = inFileOrFolder(path, tool);
      if (p.isPresent()) {
        return p.get();
      }
      throw new ToolNotFoundException(tool, List.of("executable_path " + shown(given.get())));
    }
    String fromEnv = env.get(tool.envVar());
    if (fromEnv != null && !fromEnv.isBlank()) {
      Optional<Path> p = inFileOrFolder(path(fromEnv, tool.envVar() + "=" + shown(fromEnv)), tool);
      if (p.isPresent()) {
        return p.get();
      }
      throw new ToolNotFoundException(tool, List.of(tool.envVar() + "=" + fromEnv));
    }
    String fromConfig = configured.get(tool.key());
    if (fromConfig != null && !fromConfig.isBlank()) {
      String where = "agent config tools." + tool.key() + "=" + shown(fromConfig);
      Optional<Path> p = inFileOrFolder(path(fromConfig, where), tool);
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

  /**
   * A plan's {@code executable_path} under confinement: the file it names (or the tool's executable
   * in the folder it names), by its real path, which must lie inside the allowed entries. The real
   * path is what is returned, and so what is started.
   */
  private Path confined(Tool tool, String given, Path path) throws ToolNotFoundException {
    Path absolute;
    try {
      absolute = path.toAbsolutePath();
    } catch (java.io.IOError | SecurityException e) {
      throw new ToolRefusedException("executable_path " + shown(given) + " is not a usable path");
    }
    Optional<Path> found = existing(absolute, tool);
    if (found.isEmpty()) {
      if (confinement.wouldPermit(absolute.normalize())) {
        throw new ToolNotFoundException(tool, List.of("executable_path " + shown(given)));
      }
      throw outside(given, null);
    }
    Path real;
    try {
      real = found.get().toRealPath();
    } catch (IOException | SecurityException e) {
      throw new ToolNotFoundException(tool, List.of("executable_path " + shown(given)));
    }
    if (!confinement.permits(real)) {
      throw outside(given, real);
    }
    return real;
  }

  private ToolRefusedException outside(String given, Path real) {
    String resolves =
        real == null || real.toString().equals(given) ? "" : " (it resolves to " + real + ")";
    return new ToolRefusedException(
        "executable_path "
            + shown(given)
            + resolves
            + " is outside the agent's tool folders ("
            + confinement.describe()
            + "); add it to allowed_tool_paths in the agent config to allow it");
  }

  /**
   * The file, or the tool's executable in the folder, as the file system sees it (no normalising).
   */
  private static Optional<Path> existing(Path p, Tool tool) {
    if (Files.isRegularFile(p)) {
      return Optional.of(p);
    }
    if (Files.isDirectory(p)) {
      for (String name : tool.executableNames()) {
        Path candidate = p.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The text as a path; text that cannot be one (a NUL character, say) is refused, not thrown. */
  private static Path path(String text, String what) throws ToolRefusedException {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new ToolRefusedException(what + " is not a valid path: " + e.getReason());
    }
  }

  /** A path as messages show it: control characters escaped, at most 300 characters of it. */
  static String shown(String text) {
    int max = 300;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(text.length(), max); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return text.length() <= max ? b.toString() : b + "… (" + text.length() + " characters)";
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
