package io.autoservice.agent.tasks.disk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * {@code disk_space_report}: total, used and free space of every local volume, with the original's
 * warnings over 80% and 90% use. Unlike the original (which scanned A: to Z: and failed on Linux),
 * it works on any OS. A volume over 90% full makes the result a {@code warning}.
 *
 * <p>Specification: docs/tasks.md#disk_space_report.
 */
public final class DiskSpaceReportHandler implements TaskHandler {
  private final VolumeSource source;

  public DiskSpaceReportHandler(boolean windows) {
    this(VolumeSource.system(windows));
  }

  DiskSpaceReportHandler(VolumeSource source) {
    this.source = source;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "disk_space_report",
        "Total, used and free space of every local volume; warns over 80% and 90% used.",
        ParamSchema.of(),
        Duration.ofMinutes(2));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) throws IOException {
    List<VolumeUsage> volumes =
        source.volumes().stream().sorted(Comparator.comparing(VolumeUsage::drive)).toList();
    if (volumes.isEmpty()) {
      ObjectNode results = Json.object().put("error", "No drives found or accessible");
      results.putArray("drives");
      return TaskOutcome.reason(TaskStatus.ERROR, "No drives found or accessible", results);
    }
    ArrayNode drives = Json.array();
    ArrayNode lines = Json.array();
    ArrayNode warnings = Json.array();
    boolean critical = false;
    for (VolumeUsage v : volumes) {
      drives.add(v.toJson());
      lines.add(v.summaryLine());
      String w = v.warning();
      if (w != null) {
        warnings.add(w);
        critical |= v.usagePercent() > 90;
      }
    }
    ObjectNode hr = Json.object();
    hr.set("summary", lines);
    hr.set("warnings", warnings);
    ObjectNode results = Json.object();
    results.set("drives", drives);
    return TaskOutcome.of(critical ? TaskStatus.WARNING : TaskStatus.SUCCESS, hr, results);
  }
}
