package io.autoservice.agent.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the portable layout is searched: the config's {@code tool_folders}, then {@code
 * data/programs} beside the agent jar and in the working folder (the original app's layout).
 */
public final class ToolFolders {
  private ToolFolders() {}

  public static List<Path> roots(AgentConfig config) {
    List<Path> roots = new ArrayList<>();
    config.toolFolders().forEach(f -> roots.add(Path.of(f).toAbsolutePath().normalize()));
    jarFolder().ifPresent(dir -> add(roots, dir.resolve("data").resolve("programs")));
    add(roots, Path.of("data", "programs").toAbsolutePath().normalize());
    return List.copyOf(roots);
  }

  private static void add(List<Path> roots, Path p) {
    if (!roots.contains(p) && Files.isDirectory(p)) {
      roots.add(p);
    }
  }

  private static java.util.Optional<Path> jarFolder() {
    try {
      Path jar =
          Path.of(ToolFolders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return java.util.Optional.ofNullable(jar.getParent());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return java.util.Optional.empty();
    }
  }
}
