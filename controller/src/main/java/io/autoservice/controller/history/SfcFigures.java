package io.autoservice.controller.history;

/** {@code sfc_scan}: the system file check (sfc /scannow) verdict (see {@link Verdicts}). */
final class SfcFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "sfc_scan";
  }

  @Override
  public void read(Task task, Figures out) {
    Verdicts.add("sfc.verdict", "", task, out);
  }
}
