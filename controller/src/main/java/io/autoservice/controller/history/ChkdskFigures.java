package io.autoservice.controller.history;

/** {@code chkdsk_scan}: the file system check's verdict per volume (see {@link Verdicts}). */
final class ChkdskFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "chkdsk_scan";
  }

  @Override
  public void read(Task task, Figures out) {
    String drive = Read.text(task.results().path("drive"));
    Verdicts.add("chkdsk.verdict", drive == null ? "" : drive, task, out);
  }
}
