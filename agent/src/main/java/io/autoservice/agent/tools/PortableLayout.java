package io.autoservice.agent.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The original's portable layout: tools unpacked under {@code data/programs/<Name - version>/…},
 * e.g. {@code iPerf3 - 3.19.1\iperf3.exe} or {@code BleachBit - 5.0.0\BleachBit-Portable\…}. The
 * newest version wins; the executable may sit a few folders down.
 */
final class PortableLayout {
  private static final int MAX_DEPTH = 4;

  private PortableLayout() {}

  static Optional<Path> find(List<Path> roots, Tool tool) {
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      for (Path folder : candidates(root, tool)) {
        Optional<Path> exe = search(folder, tool);
        if (exe.isPresent()) {
          return exe;
        }
      }
    }
    return Optional.empty();
  }

  private static List<Path> candidates(Path root, Tool tool) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children
          .filter(Files::isDirectory)
          .filter(p -> matches(p.getFileName().toString(), tool))
          .forEach(found::add);
    } catch (IOException e) {
      return List.of();
    }
    found.sort(
        Comparator.comparing(
                (Path p) -> version(p.getFileName().toString()), PortableLayout::compareVersions)
            .reversed());
    return found;
  }

  private static boolean matches(String folder, Tool tool) {
    String f = folder.toLowerCase(Locale.ROOT);
    for (String prefix : tool.portableFolders()) {
      String p = prefix.toLowerCase(Locale.ROOT);
      if (f.equals(p)
          || f.startsWith(p + " - ")
          || f.startsWith(p + "-")
          || f.startsWith(p + " ")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Path> search(Path folder, Tool tool) {
    try (Stream<Path> files = Files.walk(folder, MAX_DEPTH)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p ->
                  tool.executableNames().stream()
                      .anyMatch(n -> n.equalsIgnoreCase(p.getFileName().toString())))
          .min(Comparator.comparingInt(Path::getNameCount))
          .map(p -> p.toAbsolutePath().normalize());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** "iPerf3 - 3.19.1" gives [3, 19, 1]; no version gives []. */
  static List<Integer> version(String folder) {
    int dash = folder.lastIndexOf(" - ");
    String v = dash >= 0 ? folder.substring(dash + 3) : "";
    List<Integer> parts = new ArrayList<>();
    for (String s : v.split("[^0-9]+")) {
      if (!s.isEmpty()) {
        try {
          parts.add(Integer.parseInt(s));
        } catch (NumberFormatException e) {
          parts.add(Integer.MAX_VALUE);
        }
      }
    }
    return parts;
  }

  static int compareVersions(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      int x = i < a.size() ? a.get(i) : 0;
      int y = i < b.size() ? b.get(i) : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }
}
