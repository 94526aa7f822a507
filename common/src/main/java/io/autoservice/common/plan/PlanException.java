package io.autoservice.common.plan;

import java.util.List;

/** A plan that cannot be run, with every problem found and where it is. */
public final class PlanException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public PlanException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public PlanException(String problem) {
    this(List.of(problem));
  }

  /** Each problem names its place, e.g. {@code tasks[3]: "type" is missing}. */
  public List<String> problems() {
    return problems;
  }
}
