package io.autoservice.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.agent.testing.JsonValues;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.wire.WireMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of parameter validation against every built-in task's real schema: {@link
 * PlanValidator} never throws, names each problem's task and parameter, and whatever it accepts the
 * executor accepts too and can compute a timeout for (so an accepted plan cannot fail before its
 * tasks start). Plans also travel through the wire mapping, as the controller sends them.
 */
class PlanValidatorPropertiesTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static final TaskRegistry LINUX = BuiltinTasks.registry(false);
  private static final TaskRegistry WINDOWS = BuiltinTasks.registry(true);

  private static List<String> types() {
    List<String> types =
        new ArrayList<>(LINUX.all().stream().map(h -> h.descriptor().type()).toList());
    types.addAll(List.of("defrag_everything", "run_command", "shell", "", " sfc_scan", "SFC_SCAN"));
    return types;
  }

  /** Every parameter name some task declares, plus the executor's own. */
  private static List<String> paramNames() {
    TreeSet<String> names = new TreeSet<>();
    for (TaskHandler h : LINUX.all()) {
      PlanValidator.schemaFor(h).specs().forEach(s -> names.add(s.name()));
    }
    return List.copyOf(names);
  }

  @Provide
  Arbitrary<Plan> plans() {
    Arbitrary<TaskSpec> task =
        Combinators.combine(Arbitraries.of(types()), JsonValues.object(1, paramNames()))
            .as((type, params) -> new TaskSpec(0, null, type, params));
    return task.list()
        .ofMaxSize(5)
        .map(
            tasks -> {
              List<TaskSpec> indexed = new ArrayList<>();
              for (int i = 0; i < tasks.size(); i++) {
                TaskSpec t = tasks.get(i);
                indexed.add(new TaskSpec(i, i % 2 == 0 ? null : "t" + i, t.type(), t.params()));
              }
              return new Plan(indexed, Json.object());
            });
  }

  // 500 plans, each through both registries under a preemptive time bound (the costly part): every
  // build draws new seeds and replays a failing one first (jqwik's database), so 2000 per build
  // bought little more than a 6 s wait.
  @Property(tries = 500)
  void shouldValidateAnyPlanWithoutThrowingAndNameEveryProblemsPlace(@ForAll("plans") Plan plan) {
    for (TaskRegistry registry : List.of(LINUX, WINDOWS)) {
      PlanValidator.Validation v =
          assertTimeoutPreemptively(BOUND, () -> new PlanValidator(registry).validate(plan));

      for (String problem : v.problems()) {
        assertThat(problem).matches("(?s)^tasks\\[\\d+\\]\\..+: .+");
        int index = Integer.parseInt(problem.substring(6, problem.indexOf(']')));
        assertThat(index).isBetween(0, plan.tasks().size() - 1);
        // the plan gate's problems (a type that is no name, an empty key) hold for any task;
        // parameter problems only for a task the agent can run
        if (!io.autoservice.common.plan.PlanGate.problems(plan).contains(problem)) {
          assertThat(registry.find(plan.tasks().get(index).type())).isPresent();
        }
      }
      for (String note : v.notes()) {
        assertThat(note)
            .matches("^tasks\\[\\d+\\]: no handler for task type \".*\"; it will be skipped$");
      }
    }
  }

  @Property(tries = 2000)
  void shouldLetThroughOnlyWhatTheExecutorAcceptsAndCanTime(@ForAll("plans") Plan plan) {
    PlanValidator.Validation v = new PlanValidator(LINUX).validate(plan);
    if (!v.ok()) {
      return;
    }
    for (TaskSpec task : plan.tasks()) {
      Optional<TaskHandler> handler = LINUX.find(task.type());
      if (handler.isEmpty()) {
        continue;
      }
      // What PlanExecutor.runOne does before the task starts.
      assertThat(PlanValidator.schemaFor(handler.get()).validate(task.place(), task.params()))
          .isEmpty();
      TaskParams params = new TaskParams(task.params(), PlanValidator.schemaFor(handler.get()));
      Duration timeout =
          params
              .number(PlanValidator.TIMEOUT_SECONDS.name())
              .map(s -> Duration.ofNanos((long) (s * 1e9)))
              .orElseGet(() -> handler.get().defaultTimeout(params));
      assertThat(timeout).as("%s timeout", task.type()).isPositive();
    }
  }

  @Property(tries = 1000)
  void shouldGiveTheSameAnswerForAPlanThatCameOverTheWire(@ForAll("plans") Plan plan) {
    // The controller sends a plan as a Struct: numbers become doubles, whole ones come back whole.
    Plan wire = WireMapper.fromProto(WireMapper.toProto(plan));

    PlanValidator.Validation v = new PlanValidator(LINUX).validate(wire);

    for (String problem : v.problems()) {
      assertThat(problem).matches("(?s)^tasks\\[\\d+\\]\\..+: .+");
    }
  }

  @Property(tries = 300)
  void shouldNeverThrowForAnySchemaOnAnyValue(
      @ForAll("specs") ParamSpec spec, @ForAll("values") JsonNode value) {
    ObjectNode params = Json.object();
    params.set(spec.name(), value);

    for (TaskHandler h : LINUX.all()) {
      if (PlanValidator.schemaFor(h).spec(spec.name()).isPresent()) {
        List<String> problems = PlanValidator.schemaFor(h).validate("tasks[0]", params);
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("tasks[0]."));
      }
    }
  }

  @Provide
  Arbitrary<ParamSpec> specs() {
    List<ParamSpec> all = new ArrayList<>();
    LINUX.all().forEach(h -> all.addAll(PlanValidator.schemaFor(h).specs()));
    return Arbitraries.of(all);
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, JsonValues.scalar()), Tuple.of(1, JsonValues.value(2)));
  }
}
