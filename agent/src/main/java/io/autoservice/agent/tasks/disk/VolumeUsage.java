package io.autoservice.agent.tasks.disk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.Locale;

/**
 * One volume's space, in the original's units: GiB with 2 decimals, percent with 1.
 *
 * @param drive {@code C:\} on Windows, the mount point elsewhere
 */
record VolumeUsage(String drive, String fileSystem, long totalBytes, long freeBytes) {
  private static final double GIB = 1024d * 1024 * 1024;

  long usedBytes() {
    return totalBytes - freeBytes;
  }

  double usagePercent() {
    return totalBytes == 0 ? 0 : Json.round(100.0 * usedBytes() / totalBytes, 1);
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("drive", drive);
    n.put("total_gb", Json.round(totalBytes / GIB, 2));
    n.put("used_gb", Json.round(usedBytes() / GIB, 2));
    n.put("free_gb", Json.round(freeBytes / GIB, 2));
    n.put("usage_percent", usagePercent());
    n.put("file_system", fileSystem);
    return n;
  }

  /** "C:\: 12.3GB used of 45.6GB (27.0%)", as the original's summary lines. */
  String summaryLine() {
    return String.format(
        Locale.ROOT,
        "%s: %.1fGB used of %.1fGB (%.1f%%)",
        drive,
        usedBytes() / GIB,
        totalBytes / GIB,
        usagePercent());
  }

  /** The original's thresholds: over 90% is critical, over 80% is low. */
  String warning() {
    double p = usagePercent();
    if (p > 90) {
      return String.format(
          Locale.ROOT, "Drive %s is critically low on space (%.1f%% used)", drive, p);
    }
    if (p > 80) {
      return String.format(Locale.ROOT, "Drive %s is running low on space (%.1f%% used)", drive, p);
    }
    return null;
  }
}
