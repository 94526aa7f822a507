package io.autoservice.controller.gateway;

import io.autoservice.common.plan.Plan;
import io.autoservice.common.wire.WireMapper;

/**
 * A plan in its wire form, converted once per plan rather than once per agent: a dispatch to 10,000
 * agents shares one plan object, and the conversion (JSON to protobuf Struct) is the costly part of
 * an AssignRun.
 */
final class PlanWire {
  private record Converted(Plan plan, io.autoservice.proto.v1.Plan wire) {}

  private static volatile Converted last = new Converted(null, null);

  private PlanWire() {}

  static io.autoservice.proto.v1.Plan of(Plan plan) {
    Converted c = last;
    if (c.plan() == plan) {
      return c.wire();
    }
    io.autoservice.proto.v1.Plan wire = WireMapper.toProto(plan);
    last = new Converted(plan, wire);
    return wire;
  }
}
