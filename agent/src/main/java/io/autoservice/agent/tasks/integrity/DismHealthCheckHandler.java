package io.autoservice.agent.tasks.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.integrity.DismVerdict.Step;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dism_health_check}: checks (and optionally repairs) the Windows component store with
 * {@code dism /Online /Cleanup-Image}.
 *
 * <p>{@code /English}, DISM's own switch, makes it print English whatever the display language, so
 * its verdict is read the same everywhere. A RestoreHealth that says "The restore operation
 * completed successfully." after a step found the store repairable counts as repaired: newer
 * Windows no longer prints the "corruption was repaired" the original waited for.
 *
 * <p>Specification: docs/tasks.md#dism_health_check.
 */
public final class DismHealthCheckHandler implements TaskHandler {
  static final long STEP_SECONDS = 3600;
  static final long RESTORE_SECONDS = 7200;
  static final long MARGIN_SECONDS = 300;
  static final List<String> ACTIONS = List.of("checkhealth", "scanhealth", "restorehealth");

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional(
                  "actions",
                  ParamType.STRING_LIST,
                  "DISM operations to run in order: checkhealth, scanhealth, restorehealth.")
              .withDefault(Json.array().add("checkhealth"))
              // Documents the items; ParamSchema checks choices on strings only, run() checks each
              // item.
              .withChoices("checkhealth", "scanhealth", "restorehealth"),
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "Dism.exe (or its folder) to use."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "dism_health_check",
            "DISM component store health check (CheckHealth/ScanHealth) and repair (RestoreHealth).",
            PARAMS,
            Duration.ofSeconds(2 * STEP_SECONDS + RESTORE_SECONDS + MARGIN_SECONDS))
        .runs(Tool.DISM)
        .onlyOnWindows();
  }

  /** The chosen steps' limits added up, plus the margin. */
  @Override
  public Duration defaultTimeout(TaskParams params) {
    List<String> steps =
        actions(params.strings("actions"))
            .orElse(List.of("checkhealth", "scanhealth", "restorehealth"));
    long total = MARGIN_SECONDS;
    for (String a : steps) {
      total += a.equals("restorehealth") ? RESTORE_SECONDS : STEP_SECONDS;
    }
    return Duration.ofSeconds(total);
  }

  /** The actions to run, lower case and deduplicated, or empty if one is not a DISM action. */
  static Optional<List<String>> actions(List<String> given) {
    Set<String> out = new LinkedHashSet<>();
    for (String a : given) {
      String v = a == null ? "" : a.strip().toLowerCase(Locale.ROOT);
      if (!ACTIONS.contains(v)) {
        return Optional.empty();
      }
      out.add(v);
    }
    return Optional.of(out.isEmpty() ? List.of("checkhealth") : List.copyOf(out));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    List<String> given = ctx.params().strings("actions");
    Optional<List<String>> chosen = actions(given);
    if (chosen.isEmpty()) {
      return failure("actions must be a list of " + String.join(", ", ACTIONS) + "; got " + given);
    }
    Path exe;
    try {
      exe = ctx.tool(Tool.DISM).locate();
    } catch (ToolNotRun e) {
      return failure(e.reason());
    }
    List<String> actions = chosen.get();
    boolean planTimeout = ctx.params().has("timeout_seconds");
    List<Step> steps = new ArrayList<>();
    List<String> command = List.of();
    String abort = null;
    String abortAction = null;
    for (int i = 0; i < actions.size() && !ctx.cancellation().isCancelled(); i++) {
      String action = actions.get(i);
      String display = DismVerdict.DISPLAY.get(action);
      command = List.of(exe.toString(), "/English", "/Online", "/Cleanup-Image", "/" + display);
      int index = i;
      int count = actions.size();
      ctx.progress(100.0 * index / count, "DISM /" + display);
      ToolCall dism =
          ctx.tool(Tool.DISM)
              .at(exe)
              .args(command.subList(1, command.size()))
              .charset(ToolCharset.oem())
              .onStdout(
                  line ->
                      DismOutputParser.progress(line)
                          .ifPresent(
                              p ->
                                  ctx.progress(
                                      (100.0 * index + p) / count, display + " " + p + "%")));
      if (!planTimeout) {
        // A plan's timeout_seconds is for the whole task; without one each step has its own limit.
        dism.timeout(
            Duration.ofSeconds(action.equals("restorehealth") ? RESTORE_SECONDS : STEP_SECONDS));
      }
      ToolRun run;
      try {
        run = dism.run();
      } catch (ToolNotRun e) {
        abort = "Could not start DISM " + display + ": " + e.getCause().getMessage();
        abortAction = action;
        break;
      }
      steps.add(step(action, command, run.exitCode(), run.stdoutLines(), run.stderr().strip()));
      if (run.timedOut()) {
        abort = "DISM " + display + " timed out after " + Durations.text(run.timeout()) + ".";
        abortAction = action;
        break;
      }
      if (run.cancelled()) {
        break;
      }
    }
    return DismVerdict.outcome(steps, abort, abortAction)
        .withExtra("command", JsonPuts.strings(command));
  }

  /** One finished step: its output parsed, a failed RestoreHealth marked unsuccessful. */
  static Step step(
      String action, List<String> command, int rc, List<String> stdout, String stderr) {
    DismStepOutput parsed = DismOutputParser.parse(action, stdout);
    Step step = new Step(action, command, rc, parsed, stderr);
    if (action.equals("restorehealth") && !step.success() && parsed.repairSuccess() == null) {
      step = new Step(action, command, rc, parsed.withRepairSuccess(false), stderr);
    }
    return step;
  }

  /** Before any step: bad parameters, or the tool is missing. */
  private static TaskOutcome failure(String reason) {
    ObjectNode results = Json.object().put("error", reason);
    results.putArray("steps");
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }
}
