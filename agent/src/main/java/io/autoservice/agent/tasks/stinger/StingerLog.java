package io.autoservice.agent.tasks.stinger;

import java.util.List;

/**
 * What a Stinger HTML log said; every value is null when the log did not say it.
 *
 * @param version Stinger's version ({@code 13.0.0.553})
 * @param engineVersion the AV engine ({@code v6820.10831})
 * @param virusDataVersion the virus data file ({@code v9999.0})
 * @param virusCount the number of threats the data covers
 * @param scanStartTime as printed after "Scan initiated on"
 * @param scanEndTime as printed after "Scan completed on" (null: the scan did not complete)
 * @param totalFiles summary {@code TotalFiles}
 * @param cleanFiles summary {@code Clean}
 * @param notScanned summary {@code Not Scanned}
 * @param infectedFiles summary {@code Possibly Infected}, else the number of infection lines (if
 *     any)
 * @param infections the infection lines, in order
 * @param parseErrors what could not be read, for {@code parse_errors}
 */
public record StingerLog(
    String version,
    String engineVersion,
    String virusDataVersion,
    Long virusCount,
    String scanStartTime,
    String scanEndTime,
    Long totalFiles,
    Long cleanFiles,
    Long notScanned,
    Long infectedFiles,
    List<StingerInfection> infections,
    List<String> parseErrors) {

  public StingerLog {
    infections = List.copyOf(infections);
    parseErrors = List.copyOf(parseErrors);
  }

  /** Whether the log has the end-of-scan summary (counts or the completion line). */
  public boolean hasSummary() {
    return totalFiles != null || scanEndTime != null;
  }

  /** Whether the log reports any infected file. */
  public boolean infected() {
    return !infections.isEmpty() || (infectedFiles != null && infectedFiles > 0);
  }
}
