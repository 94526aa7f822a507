package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code disk_space_report}: each volume's used % ({@code results.drives[].usage_percent}). */
final class DiskSpaceFigures implements TaskFigures {
  static final int MAX_VOLUMES = 64;

  @Override
  public String taskType() {
    return "disk_space_report";
  }

  @Override
  public void read(Task task, Figures out) {
    JsonNode drives = task.results().path("drives");
    if (!drives.isArray()) {
      return;
    }
    for (int i = 0; i < Math.min(MAX_VOLUMES, drives.size()); i++) {
      JsonNode d = drives.get(i);
      String volume = Read.text(d.path("drive"));
      if (volume != null) {
        out.add("volume.used_percent", volume, Read.number(d.path("usage_percent")), 0, 100);
      }
    }
  }
}
