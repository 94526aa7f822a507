package io.autoservice.agent.tasks.adwcleaner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link AdwCleanerLogParser} found in one AdwCleaner log. A boxed field is {@code null} when
 * the log did not say.
 *
 * @param version the AdwCleaner version in the header, e.g. {@code 8.3.1.0}
 * @param mode {@code clean} or {@code scan} (the header's {@code # Mode:}), lower case
 * @param cleaned {@code # Cleaned: N}; in the old 7.0 format (no such line) the entries that start
 *     with "Deleted"
 * @param failed {@code # Failed: N}; without that line the "Not Deleted" entries
 * @param detected {@code # Detected: N} of a scan log
 * @param categories the entries per section, keys {@code services, folders, files, dlls, wmi,
 *     shortcuts, tasks, registry, preinstalled} in that order (every key present)
 * @param browsers the browser sections, keys {@code chromium, chromium_urls, firefox, firefox_urls,
 *     hosts} (every key present)
 * @param other entries of sections this parser does not know, by section title
 * @param failedItems the "Not Deleted …" entries (kept out of the category lists)
 * @param rebootRequired some line of the log mentions a reboot
 * @param eofFound the log's {@code ########## EOF} line was reached
 * @param recognised the text has an AdwCleaner header or section at all
 */
public record AdwCleanerLog(
    String version,
    String mode,
    Integer cleaned,
    Integer failed,
    Integer detected,
    Map<String, List<String>> categories,
    Map<String, List<String>> browsers,
    Map<String, List<String>> other,
    List<String> failedItems,
    boolean rebootRequired,
    boolean eofFound,
    boolean recognised) {

  public AdwCleanerLog {
    categories = copy(categories);
    browsers = copy(browsers);
    other = copy(other);
    failedItems = failedItems == null ? List.of() : List.copyOf(failedItems);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (m != null) {
      m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
