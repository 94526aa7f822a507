package io.autoservice.agent.tasks.battery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code battery_health_report}: charge, wear and health of the laptop's battery. No external tool
 * on Linux; see {@link BatterySource}.
 *
 * <p>The original UI reads {@code summary.human_readable} as one multi-line text, while our other
 * tasks put an object there: in the {@code autoservice} dialect the results are laid flat over the
 * summary, so the results' text replaces the object and that UI gets the string it expects.
 *
 * <p>Specification: docs/tasks.md#battery_health_report.
 */
public final class BatteryHealthReportHandler implements TaskHandler {
  static final String NO_BATTERY_ERROR =
      "No battery detected. This system may not have a battery (desktop) or battery information is unavailable.";
  static final String NO_BATTERY_TEXT = "Battery Check: Skipped (No battery detected)";

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("index", ParamType.INTEGER, "Which battery (0 = the first).")
              .withDefault(IntNode.valueOf(0))
              .withRange(0.0, 99.0));

  private final BatterySource source;

  public BatteryHealthReportHandler(boolean windows) {
    this(BatterySource.system(windows, System.getenv()));
  }

  BatteryHealthReportHandler(BatterySource source) {
    this.source = source;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "battery_health_report",
        "Battery charge, capacity versus design, wear, cycles and a health verdict.",
        PARAMS,
        Duration.ofMinutes(2));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    long index = ctx.params().integer("index").orElse(0L);
    if (index < 0 || index > 99) {
      return error("index must be 0 to 99, got " + index, null);
    }
    List<BatteryReading> all;
    try {
      all = source.batteries(ctx);
    } catch (IOException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return error(
          "could not read battery information from " + source.describe() + ": " + msg, null);
    }
    if (all.isEmpty()) {
      return noBattery("no battery found", index, 0);
    }
    if (index >= all.size()) {
      List<String> ids = all.stream().map(b -> b.id() == null ? "?" : b.id()).toList();
      return noBattery(
          "no battery found at index "
              + index
              + " (found "
              + all.size()
              + ": "
              + String.join(", ", ids)
              + ")",
          index,
          all.size());
    }
    BatteryReading reading = all.get((int) index);
    BatteryReport report = BatteryReport.from(reading);

    ObjectNode results = report.toJson();
    results.put("battery_index", index);
    results.put("batteries_found", all.size());
    results.put("source", reading.source());

    List<String> notes = new ArrayList<>();
    if (report.capacityPercent() != null) {
      notes.add(
          String.format(
              Locale.ROOT,
              "The battery holds %.1f%% of its design capacity (wear %.1f%%).",
              report.capacityPercent(),
              report.wearLevelPercent()));
    }
    if (report.cycleCount() != null) {
      notes.add(String.format(Locale.ROOT, "%,d charge cycles.", report.cycleCount()));
    }
    TaskStatus status = TaskStatus.SUCCESS;
    String reason = null;
    if ("Critical".equals(report.healthVerdict())) {
      status = TaskStatus.WARNING;
      reason =
          String.format(
              Locale.ROOT,
              "battery holds only %.1f%% of its design capacity (Critical); it should be replaced",
              report.capacityPercent());
    } else if ("Unknown".equals(report.healthVerdict())) {
      status = TaskStatus.WARNING;
      reason =
          "battery health could not be read: "
              + reading.source()
              + " reports no design or full-charge capacity";
    }
    ObjectNode hr = Json.object();
    hr.put("verdict", report.healthVerdict());
    hr.put("capacity_percent", report.capacityPercent());
    ArrayNode n = hr.putArray("notes");
    notes.forEach(n::add);
    hr.put("text", report.text());
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  private TaskOutcome noBattery(String reason, long index, int found) {
    ObjectNode results = Json.object();
    results.put("error", NO_BATTERY_ERROR);
    results.put("human_readable", NO_BATTERY_TEXT);
    results.put("battery_index", index);
    results.put("batteries_found", found);
    results.put("source", source.describe());
    ObjectNode hr =
        Json.object()
            .put("verdict", "No battery")
            .put("text", NO_BATTERY_TEXT)
            .put("reason", reason);
    return TaskOutcome.of(TaskStatus.SKIPPED, hr, results);
  }

  private TaskOutcome error(String reason, String text) {
    String t = text == null ? "Battery Check: Failed (" + reason + ")" : text;
    ObjectNode results =
        Json.object()
            .put("error", reason)
            .put("human_readable", t)
            .put("source", source.describe());
    ObjectNode hr = Json.object().put("text", t).put("reason", reason);
    return TaskOutcome.of(TaskStatus.ERROR, hr, results);
  }
}
