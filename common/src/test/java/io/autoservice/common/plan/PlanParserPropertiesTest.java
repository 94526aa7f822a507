package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of {@link PlanParser}: whatever the bytes, text or JSON tree, it returns a
 * plan or throws {@link PlanException} (nothing else, and in bounded time), every problem names its
 * place, and a plan survives its canonical JSON.
 */
class PlanParserPropertiesTest {
  /** Far above what any input here takes; only a hang (or a quadratic blow-up) reaches it. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Where a problem can be: the plan, its task list or metadata, a task, or a task's key. */
  private static final Pattern PLACE =
      // The gate names places inside params and metadata too: metadata.a.b, tasks[0].params.x[2].
      Pattern.compile(
          "^(plan|metadata([.\\[].*)?|tasks(\\[\\d+\\](\\.(type|id|params([.\\[].*)?))?)?): .+",
          Pattern.DOTALL);

  /** Parses, and returns the problems (empty when the plan was read). */
  private static List<String> outcome(ThrowingParse parse) {
    return assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            Plan plan = parse.run();
            assertThat(plan).isNotNull();
            assertThat(plan.tasks().size()).isLessThanOrEqualTo(PlanParser.MAX_TASKS);
            return List.<String>of();
          } catch (PlanException e) {
            return e.problems();
          }
        });
  }

  @FunctionalInterface
  private interface ThrowingParse {
    Plan run() throws PlanException;
  }

  private static void assertPlaced(List<String> problems) {
    assertThat(problems).allSatisfy(p -> assertThat(p).matches(PLACE));
  }

  @Property(tries = 500)
  void shouldReadAnyBytesOrRefuseThemWithPlacedProblems(
      @ForAll @Size(max = 300) byte[] bytes, @ForAll("prefixes") byte[] prefix) {
    byte[] all = new byte[prefix.length + bytes.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(bytes, 0, all, prefix.length, bytes.length);

    assertPlaced(outcome(() -> PlanParser.parseBytes(all, "bytes")));
  }

  @Provide
  Arbitrary<byte[]> prefixes() {
    return Arbitraries.of(
        new byte[0],
        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        new byte[] {(byte) 0xFF, (byte) 0xFE},
        new byte[] {(byte) 0xFE, (byte) 0xFF},
        "{\"tasks\":[".getBytes(StandardCharsets.UTF_8),
        "[{\"type\":".getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void shouldReadAnyTextOrRefuseItWithPlacedProblems(@ForAll("texts") String text) {
    assertPlaced(outcome(() -> PlanParser.parse(text)));
  }

  @Provide
  Arbitrary<String> texts() {
    // Raw strings, and strings built from JSON's own tokens so the parser gets past the first byte.
    Arbitrary<String> tokens =
        Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\"tasks\"",
                "\"type\"",
                "\"params\"",
                "\"id\"",
                "\"metadata\"",
                "\"sfc_scan\"",
                "1",
                "-0.5e3",
                "1e400",
                "null",
                "true",
                "\\u0000",
                "\\",
                " ",
                "\n",
                "\u0000",
                "\uD800",
                "//",
                "/*",
                "NaN",
                "'")
            .list()
            .ofMaxSize(40)
            .map(l -> String.join("", l));
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200), tokens);
  }

  // The costliest property here (deep trees); new seeds every build, a failing one replayed first.
  @Property(tries = 400)
  void shouldNormaliseAnyJsonTreeOrRefuseItWithPlacedProblems(
      @ForAll("planLikeTrees") JsonNode root) {
    assertPlaced(outcome(() -> PlanParser.fromJson(root)));
    // The same tree as text takes the other path (decoding, Jackson) and must agree.
    assertPlaced(outcome(() -> PlanParser.parse(Json.compact(root))));
  }

  @Provide
  Arbitrary<JsonNode> planLikeTrees() {
    return JsonArbitraries.planLike(JsonArbitraries.anyText());
  }

  @Property(tries = 500)
  void shouldAgreeOnTreeAndTextWhetherAPlanIsReadable(@ForAll("planLikeTrees") JsonNode root) {
    boolean fromTree = outcome(() -> PlanParser.fromJson(root)).isEmpty();
    String text = Json.compact(root);
    // Text with lone surrogates is not UTF-8; it is read differently by design.
    if (text.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
      assertThat(outcome(() -> PlanParser.parse(text)).isEmpty()).isEqualTo(fromTree);
    }
  }

  @Property(tries = 1000)
  void shouldReadBackAPlanFromItsCanonicalJson(@ForAll("plans") Plan plan) throws Exception {
    String json = Json.compact(plan.toJson());

    Plan back = PlanParser.parse(json);

    assertThat(back).isEqualTo(plan);
    assertThat(PlanGate.problems(back))
        .as("the gate sees the same plan")
        .isEqualTo(PlanGate.problems(plan));
  }

  @Provide
  Arbitrary<Plan> plans() {
    Arbitrary<String> text = JsonArbitraries.encodableText();
    Arbitrary<String> type =
        Arbitraries.oneOf(
            Arbitraries.of("sfc_scan", "ping_test", "hello_service", "Zoë's task"),
            text.filter(s -> !s.isBlank() && s.equals(s.strip())));
    Arbitrary<String> id = text.injectNull(0.3);
    Arbitrary<List<Object[]>> tasks =
        Combinators.combine(id, type, JsonArbitraries.object(2, text))
            .as((i, t, p) -> new Object[] {i, t, p})
            .list()
            .ofMaxSize(6);
    return Combinators.combine(tasks, JsonArbitraries.object(2, text))
        .as(
            (list, meta) -> {
              List<TaskSpec> specs = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                Object[] t = list.get(i);
                specs.add(new TaskSpec(i, (String) t[0], (String) t[1], (ObjectNode) t[2]));
              }
              return new Plan(specs, meta);
            });
  }

  @Property(tries = 200)
  void shouldHoldTheWirePathToTheParsersLimits(
      @ForAll("taskCounts") int count, @ForAll("plans") Plan sample) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(new TaskSpec(i, null, "hello_service", JsonNodeFactory.instance.objectNode()));
    }
    Plan plan = new Plan(tasks, sample.metadata());

    List<String> problems = PlanGate.problems(plan);

    if (count > PlanParser.MAX_TASKS) {
      assertThat(problems)
          .containsExactly(
              "tasks: " + count + " tasks (expected: at most " + PlanParser.MAX_TASKS + ")");
    } else {
      // the metadata's own problems (arbitrary keys), nothing for the count
      assertThat(problems).isEqualTo(PlanGate.problems(new Plan(List.of(), sample.metadata())));
    }
    assertPlaced(problems);
  }

  @Provide
  Arbitrary<Integer> taskCounts() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 1_200),
        Arbitraries.of(PlanParser.MAX_TASKS, PlanParser.MAX_TASKS + 1, 10_000));
  }
}
