package io.autoservice.bench.jmh;

import io.autoservice.bench.sim.RunScript;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The 23 events of one simulated quick-check run (report ~12 KB), as wire, bytes and domain values.
 */
final class RunEvents {
  final List<io.autoservice.proto.v1.RunEvent> wire = new ArrayList<>();
  final List<byte[]> bytes = new ArrayList<>();
  final List<RunEvent> domain = new ArrayList<>();

  RunEvents() {
    try {
      var plan =
          WireMapper.toProto(
              PlanParser.parse(
                  "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"disk_space_report\"},{\"type\":\"sfc_scan\"}]}"));
      RunScript script = new RunScript("0f8e5a3c-run", plan, 12 * 1024, 12 * 1024);
      for (int seq = 1; seq <= script.eventCount(); seq++) {
        var e = script.event(seq);
        wire.add(e);
        bytes.add(e.toByteArray());
        domain.add(WireMapper.fromProto(e));
      }
    } catch (PlanException e) {
      throw new IllegalStateException(e);
    }
  }
}
