package io.autoservice.agent.tasks.diskcheck;

/**
 * chkdsk's closing size summary as {@link ChkdskSummaryReader} read it. Sizes are in KB (chkdsk
 * prints KB, MB, or bytes on FAT; each is converted), {@code null} when not printed or not
 * readable.
 *
 * @param complete the summary was followed by its allocation-unit lines, so its last size line is
 *     "available" and nothing of it was cut off
 */
public record ChkdskSummary(
    Long totalKb,
    Long filesKb,
    Long indexesKb,
    Long badSectorsKb,
    Long systemKb,
    Long logFileKb,
    Long availableKb,
    Long allocationUnitBytes,
    Long totalAllocationUnits,
    Long availableAllocationUnits,
    boolean complete) {

  static ChkdskSummary none() {
    return new ChkdskSummary(null, null, null, null, null, null, null, null, null, null, false);
  }

  /** chkdsk printed a summary: it only does so after the check itself ran to its end. */
  public boolean printed() {
    return totalKb != null;
  }
}
