package io.autoservice.bench.run;

import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.Plan;
import java.util.List;

/**
 * The plans the bench dispatches, parsed by common's PlanParser as the console would: a 3-task
 * quick check (23 events a run) for the measured bursts, and a 1-task plan (9 events) for seeding.
 */
final class Plans {
  static final List<String> TASK_TYPES = List.of("hello_service", "disk_space_report", "sfc_scan");

  private Plans() {}

  static Plan quickCheck() {
    return parse(
        """
        {"tasks": [
          {"id": "greeting", "type": "hello_service", "params": {"name": "bench", "seconds": 1}},
          {"type": "disk_space_report"},
          {"type": "sfc_scan"}
        ], "metadata": {"technician_name": "bench", "customer_name": "simulated fleet"}}""");
  }

  /** {@code tasks} report tasks: a long run of 2 + 7 x tasks events and one report. */
  static Plan longRun(int tasks) {
    StringBuilder json = new StringBuilder("{\"tasks\": [");
    for (int i = 0; i < tasks; i++) {
      json.append(i == 0 ? "" : ",").append("{\"type\": \"disk_space_report\"}");
    }
    return parse(
        json.append("], \"metadata\": {\"technician_name\": \"bench-paced\"}}").toString());
  }

  static Plan seed() {
    return parse(
        """
        {"tasks": [{"type": "hello_service", "params": {"name": "seed"}}], "metadata": {"technician_name": "bench-seed"}}""");
  }

  private static Plan parse(String json) {
    try {
      return WireMapper.toProto(PlanParser.parse(json));
    } catch (PlanException e) {
      throw new IllegalStateException("the bench's own plan is invalid: " + e.getMessage(), e);
    }
  }
}
