package io.autoservice.controller.history;

/** {@code dism_health_check}: the component store check (DISM) verdict (see {@link Verdicts}). */
final class DismFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "dism_health_check";
  }

  @Override
  public void read(Task task, Figures out) {
    Verdicts.add("dism.verdict", "", task, out);
  }
}
