package io.autoservice.agent.tasks.drivecleanup;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads DriveCleanup's console output (Uwe Sieber's DriveCleanup) into a {@link
 * DriveCleanupOutput}. Pure: no I/O, never throws. No real capture is known; these are the original
 * runner's patterns, all case-insensitive and matched against each stripped line:
 *
 * <ul>
 *   <li>version {@code DriveCleanup V1.6.5 (x64)} (the first one);
 *   <li>totals {@code Removed N USB device[s]}, {@code … USB hub[s]}, {@code … Disk device[s]},
 *       {@code … CDROM device[s]}, {@code … Floppy device[s]}, {@code … Storage volume[s]}, {@code
 *       … WPD device[s]}, {@code Removed N Item[s] from registry} (the last value wins);
 *   <li>items {@code removing USB device|Disk device|CDROM device|volume|WPD device '<id>'} and
 *       {@code Regkey delete <key>};
 *   <li>usage text: a line starting {@code DriveCleanup … usage} or a line {@code Usage} (with or
 *       without a colon; the original accepted only a bare {@code usage} line).
 * </ul>
 */
public final class DriveCleanupOutputParser {
  static final int MAX_LINE = 8_000;

  private static final int CI = Pattern.CASE_INSENSITIVE;
  private static final Pattern VERSION =
      Pattern.compile("^DriveCleanup\\s+V([\\d.]+)\\s+\\((x86|x64)\\)", CI);
  private static final String N = "^Removed\\s+(" + LocalNumbers.PATTERN + ")\\s+";
  private static final Map<String, Pattern> COUNTS = new LinkedHashMap<>();

  static {
    COUNTS.put("usb_devices_removed", Pattern.compile(N + "USB devices?\\b", CI));
    COUNTS.put("usb_hubs_removed", Pattern.compile(N + "USB hubs?\\b", CI));
    COUNTS.put("disk_devices_removed", Pattern.compile(N + "Disk devices?\\b", CI));
    COUNTS.put("cdrom_devices_removed", Pattern.compile(N + "CDROM devices?\\b", CI));
    COUNTS.put("floppy_devices_removed", Pattern.compile(N + "Floppy devices?\\b", CI));
    COUNTS.put("storage_volumes_removed", Pattern.compile(N + "Storage volumes?\\b", CI));
    COUNTS.put("wpd_devices_removed", Pattern.compile(N + "WPD devices?\\b", CI));
    COUNTS.put("registry_items_removed", Pattern.compile(N + "Items? from registry", CI));
  }

  private static final Pattern ITEM =
      Pattern.compile(
          "^removing\\s+(USB device|Disk device|CDROM device|volume|WPD device)\\s+'(.+?)'", CI);
  private static final Pattern REGKEY = Pattern.compile("^Regkey delete\\s+(.+)$", CI);
  private static final Pattern USAGE =
      Pattern.compile("^(?:DriveCleanUp?\\b.*usage|usage\\b\\s*:?)", CI);

  private DriveCleanupOutputParser() {}

  /** The category of an item line ({@code usb_device} …) from its kind as printed. */
  private static String category(String kind) {
    return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
      case "usb device" -> "usb_device";
      case "disk device" -> "disk_device";
      case "cdrom device" -> "cdrom_device";
      case "volume" -> "volume";
      default -> "wpd_device";
    };
  }

  /** The item a line reports removing, if any (for live progress). Never throws. */
  public static DriveCleanupOutput.Item item(String line) {
    try {
      if (line == null) {
        return null;
      }
      String s = clip(line).strip();
      Matcher m = ITEM.matcher(s);
      if (m.find()) {
        return new DriveCleanupOutput.Item(category(m.group(1)), m.group(2).strip());
      }
      m = REGKEY.matcher(s);
      return m.find() ? new DriveCleanupOutput.Item("registry", m.group(1).strip()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Parses a whole output, keeping the first {@code maxItems} items (all are counted). Null lines
   * (and a null list) are skipped. Never throws.
   */
  public static DriveCleanupOutput parse(List<String> lines, int maxItems) {
    String version = null;
    String arch = null;
    Map<String, Long> counts = new LinkedHashMap<>();
    COUNTS.keySet().forEach(k -> counts.put(k, null));
    List<DriveCleanupOutput.Item> items = new ArrayList<>();
    int total = 0;
    boolean usage = false;
    for (String raw : lines == null ? List.<String>of() : lines) {
      try {
        if (raw == null) {
          continue;
        }
        String s = clip(raw).strip();
        if (s.isEmpty()) {
          continue;
        }
        if (version == null) {
          Matcher v = VERSION.matcher(s);
          if (v.find()) {
            version = v.group(1);
            arch = v.group(2).toLowerCase(java.util.Locale.ROOT);
            continue;
          }
        }
        if (USAGE.matcher(s).find()) {
          usage = true;
        }
        boolean counted = false;
        for (Map.Entry<String, Pattern> e : COUNTS.entrySet()) {
          Matcher m = e.getValue().matcher(s);
          if (m.find()) {
            OptionalLong n = LocalNumbers.integer(m.group(1));
            if (n.isPresent()) {
              counts.put(e.getKey(), n.getAsLong());
              counted = true;
              break;
            }
          }
        }
        if (counted) {
          continue;
        }
        DriveCleanupOutput.Item item = item(s);
        if (item != null) {
          total++;
          if (items.size() < maxItems) {
            items.add(item);
          }
        }
      } catch (RuntimeException e) {
        // One strange line must not cost the rest of the output.
      }
    }
    return new DriveCleanupOutput(version, arch, counts, items, total, usage);
  }

  private static String clip(String line) {
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line;
  }
}
