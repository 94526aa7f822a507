package io.autoservice.controller.cli.console;

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
}
