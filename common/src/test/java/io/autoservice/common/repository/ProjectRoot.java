package io.autoservice.common.repository;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's root folder, found from the test's working folder (Maven runs a module's tests in
 * the module's folder, an IDE may run them from the root), so that no test names a machine's path.
 */
public final class ProjectRoot {
  private ProjectRoot() {}

  /** The nearest folder at or above the working folder that holds the parent and common poms. */
  public static Path find() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("pom.xml"))
          && Files.isRegularFile(d.resolve("common/pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("project root not found above " + Path.of("").toAbsolutePath());
  }

  /**
   * {@code ../shared} beside the project root: reference data shared by the developers (and given
   * to CI) but not part of the repository. It may be absent.
   */
  public static Path shared() {
    return find().resolve("../shared").normalize();
  }
}
