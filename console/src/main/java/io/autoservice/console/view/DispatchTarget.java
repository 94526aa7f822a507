package io.autoservice.console.view;

import io.autoservice.common.plan.Plan;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Who gets a dispatched plan: exactly one of agent ids, a label selector, or every agent. */
public sealed interface DispatchTarget {

  /** These agents. */
  record Agents(List<String> ids) implements DispatchTarget {
    public Agents {
      ids = List.copyOf(ids);
    }
  }

  /** Every agent carrying all these labels. */
  record Labels(Map<String, String> labels) implements DispatchTarget {
    public Labels {
      labels = Map.copyOf(labels);
    }
  }

  /** Every agent the controller knows. */
  record All() implements DispatchTarget {}

  /**
   * The request that dispatches {@code plan} to this target.
   *
   * @param deadline how long a run may wait for an offline agent; {@code null} for the controller's
   *     default
   */
  default DispatchRequest request(Plan plan, boolean force, Duration deadline) {
    DispatchRequest.Builder b =
        DispatchRequest.newBuilder().setPlan(WireMapper.toProto(plan)).setForce(force);
    if (this instanceof Agents a) {
      b.setAgentIds(AgentIdList.newBuilder().addAllIds(a.ids()));
    } else if (this instanceof Labels l) {
      b.setLabels(LabelSelector.newBuilder().putAllLabels(l.labels()));
    } else {
      b.setAll(true);
    }
    if (deadline != null) {
      b.setDeliveryDeadlineSeconds(Math.max(1, deadline.toSeconds()));
    }
    return b.build();
  }
}
