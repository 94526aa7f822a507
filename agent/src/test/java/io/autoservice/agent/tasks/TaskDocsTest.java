package io.autoservice.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/tasks.md holds the task types' specifications and the handlers link their section: every
 * task type the agent ships has a section, and every link from a handler leads to one.
 */
class TaskDocsTest {
  private static final Pattern SECTION = Pattern.compile("(?m)^## (\\S+)$");
  private static final Pattern LINK =
      Pattern.compile("Specification: docs/tasks\\.md#([a-z0-9_]+)");

  /** The AutoService UI's HeavyLoad entries, described in heavyload_stress_test's section. */
  private static final Set<String> ALIASES =
      Set.of("heavyload_stress_cpu", "heavyload_stress_memory", "heavyload_stress_gpu");

  @Test
  void shouldDescribeEveryTaskTypeTheAgentShips() throws IOException {
    // given
    Set<String> sections = sections();
    String doc = doc();

    // when
    List<String> missing = new ArrayList<>();
    for (TaskHandler handler : BuiltinTasks.registry(true).all()) {
      String type = handler.descriptor().type();
      boolean described =
          ALIASES.contains(type) ? doc.contains("`" + type + "`") : sections.contains(type);
      if (!described) {
        missing.add(type);
      }
    }

    // then
    assertThat(missing).as("task types without a section in docs/tasks.md").isEmpty();
  }

  @Test
  void shouldLinkEveryHandlerToAnExistingSection() throws IOException {
    // given
    Set<String> sections = sections();
    Path tasks = projectRoot().resolve("agent/src/main/java/io/autoservice/agent/tasks");

    // when
    List<String> broken = new ArrayList<>();
    List<Path> handlers;
    try (Stream<Path> files = Files.walk(tasks)) {
      handlers =
          files
              .filter(f -> f.getFileName().toString().endsWith("Handler.java"))
              .collect(Collectors.toList());
    }
    for (Path handler : handlers) {
      Matcher link = LINK.matcher(Files.readString(handler, StandardCharsets.UTF_8));
      while (link.find()) {
        if (!sections.contains(link.group(1))) {
          broken.add(handler.getFileName() + " -> #" + link.group(1));
        }
      }
    }

    // then
    assertThat(handlers).hasSizeGreaterThan(20);
    assertThat(broken).as("links to sections docs/tasks.md does not have").isEmpty();
  }

  private static Set<String> sections() throws IOException {
    Set<String> sections = new TreeSet<>();
    Matcher m = SECTION.matcher(doc());
    while (m.find()) {
      sections.add(m.group(1));
    }
    return sections;
  }

  private static String doc() throws IOException {
    return Files.readString(projectRoot().resolve("docs/tasks.md"), StandardCharsets.UTF_8);
  }

  private static Path projectRoot() {
    return Fixtures.root().toAbsolutePath().getParent();
  }
}
