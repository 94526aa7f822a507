package io.autoservice.agent.tasks.drivecleanup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What DriveCleanup's console output said.
 *
 * @param version e.g. {@code 1.6.5}, or null
 * @param arch {@code x86} or {@code x64}, or null
 * @param counts the eight totals by result key ({@code usb_devices_removed} …), null when not
 *     printed
 * @param items the first removed items, up to the parser's limit
 * @param itemsTotal every "removing …" and "Regkey delete …" line seen
 * @param usage whether the output looks like DriveCleanup's usage text
 */
public record DriveCleanupOutput(
    String version,
    String arch,
    Map<String, Long> counts,
    List<Item> items,
    int itemsTotal,
    boolean usage) {

  /**
   * One removed item: {@code category} is {@code usb_device, disk_device, cdrom_device, volume,
   * wpd_device} or {@code registry}.
   */
  public record Item(String category, String id) {}

  public DriveCleanupOutput {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    items = List.copyOf(items);
  }

  /** Whether no total was printed. */
  public boolean noCounts() {
    return counts.values().stream().allMatch(v -> v == null);
  }

  /** The sum of the device totals (everything but registry items). */
  public long devicesRemoved() {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().equals("registry_items_removed") && e.getValue() != null)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The registry total, 0 when not printed. */
  public long registryItemsRemoved() {
    Long v = counts.get("registry_items_removed");
    return v == null ? 0 : v;
  }
}
