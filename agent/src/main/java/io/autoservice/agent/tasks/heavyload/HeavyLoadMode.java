package io.autoservice.agent.tasks.heavyload;

/**
 * The task types HeavyLoad serves: the runner's own {@code heavyload_stress_test}, and the three
 * handler ids of the AutoService UI ({@code heavyload_stress_cpu}, {@code _memory}, {@code _gpu}),
 * which the UI turns into a {@code heavyload_stress_test} with one load on, a window ({@code
 * headless: false}) and {@code duration_minutes = minutes || 1}. A plan may name them directly; the
 * result then carries the alias as its {@code task_type}, so the UI's renderers for those ids find
 * it.
 */
public enum HeavyLoadMode {
  /** {@code heavyload_stress_test}: the loads the plan switches on, headless by default. */
  ANY(
      "heavyload_stress_test",
      null,
      "Stress-tests CPU, memory, disk and/or GPU with HeavyLoad for a set time."),
  /** {@code heavyload_stress_cpu}: CPU load always on. */
  CPU(
      "heavyload_stress_cpu",
      "stress_cpu",
      "CPU stress test with HeavyLoad (the AutoService UI's \"CPU Stress\")."),
  /** {@code heavyload_stress_memory}: memory load always on. */
  MEMORY(
      "heavyload_stress_memory",
      "stress_memory",
      "RAM stress test with HeavyLoad (the AutoService UI's \"RAM Stress\")."),
  /** {@code heavyload_stress_gpu}: GPU load always on. */
  GPU(
      "heavyload_stress_gpu",
      "stress_gpu",
      "GPU stress test with HeavyLoad (the AutoService UI's \"GPU Stress\")."),
  ;

  /**
   * What an alias runs for when the plan gives neither {@code minutes} nor {@code
   * duration_minutes}.
   */
  public static final int ALIAS_DEFAULT_MINUTES = 1;

  private final String type;
  private final String forcedFlag;
  private final String description;

  HeavyLoadMode(String type, String forcedFlag, String description) {
    this.type = type;
    this.forcedFlag = forcedFlag;
    this.description = description;
  }

  /** The plan's task type. */
  public String type() {
    return type;
  }

  /** The stress flag this alias always sets, or null for {@link #ANY}. */
  public String forcedFlag() {
    return forcedFlag;
  }

  public String description() {
    return description;
  }

  /** Whether this is one of the UI's aliases (window by default, {@code minutes} accepted). */
  public boolean alias() {
    return forcedFlag != null;
  }
}
