package io.autoservice.agent.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Where a plan's {@code executable_path} may point: inside one of the allowed folders, or at one of
 * the allowed files (the agent config's {@code tool_folders}, the portable-layout roots and its
 * {@code allowed_tool_paths}).
 *
 * <p>The test is made on the <em>real</em> path ({@link Path#toRealPath()}: every symbolic link,
 * junction and {@code ..} resolved by the file system), against the real paths of the allowed
 * entries, compared component by component ({@code C:\Tools2} is not inside {@code C:\Tools}). So a
 * {@code ..} sequence, a symbolic link or a junction inside a tool folder that leads out of it is
 * refused, while a tool folder that is itself reached through a link still works. The located
 * program is then started by that real path, so the path checked is the path run.
 *
 * <p>Not covered: a hard link inside a tool folder to a program elsewhere is, to the file system, a
 * file in that folder. Whoever can write to a tool folder decides what the agent may run, so tool
 * folders must be writable by administrators only.
 */
public final class ToolConfinement {
  /** How many allowed entries a refusal names before it says "and N more". */
  private static final int NAMED_IN_MESSAGES = 5;

  private final List<Path> allowed;

  private ToolConfinement(List<Path> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /**
   * @param allowed folders (anything inside them is allowed) and files (exactly that file);
   *     relative entries are taken from the working folder; duplicates are dropped
   */
  public static ToolConfinement of(Collection<Path> allowed) {
    LinkedHashSet<Path> unique = new LinkedHashSet<>();
    for (Path p : allowed) {
      unique.add(p.toAbsolutePath().normalize());
    }
    return new ToolConfinement(new ArrayList<>(unique));
  }

  /** The allowed folders and files, absolute, as configured. */
  public List<Path> allowed() {
    return allowed;
  }

  /**
   * Whether this real path (see {@link Path#toRealPath()}) is an allowed file or inside an allowed
   * folder.
   */
  public boolean permits(Path realPath) {
    for (Path entry : allowed) {
      Optional<Path> root = real(entry);
      if (root.isPresent() && realPath.startsWith(root.get())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a path that does not exist would lie inside the allowed entries, by its text alone
   * (normalised, against the entries as configured and as resolved). Only chooses which refusal a
   * missing program gets; nothing is ever run on its strength.
   */
  boolean wouldPermit(Path absoluteNormalized) {
    for (Path entry : allowed) {
      if (absoluteNormalized.startsWith(entry)) {
        return true;
      }
      Optional<Path> root = real(entry);
      if (root.isPresent() && absoluteNormalized.startsWith(root.get())) {
        return true;
      }
    }
    return false;
  }

  /** The allowed entries for a message: the first few, then how many more. */
  public String describe() {
    if (allowed.isEmpty()) {
      return "none configured";
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < Math.min(NAMED_IN_MESSAGES, allowed.size()); i++) {
      names.add(allowed.get(i).toString());
    }
    if (allowed.size() > NAMED_IN_MESSAGES) {
      names.add("and " + (allowed.size() - NAMED_IN_MESSAGES) + " more");
    }
    return String.join(", ", names);
  }

  /** An entry's real path; empty when it does not exist (nothing real can be inside it). */
  private static Optional<Path> real(Path entry) {
    try {
      return Files.exists(entry) ? Optional.of(entry.toRealPath()) : Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ToolConfinement" + allowed;
  }
}
