package io.autoservice.agent.tasks.bleachbit;

import java.util.List;

/**
 * What {@link BleachBitOutputParser} found in one BleachBit run's output. A boxed field is {@code
 * null} when the output did not say.
 *
 * @param spaceBytes "Disk space recovered" / "to be recovered" in bytes (SI units ×1000ⁿ, IEC units
 *     ×1024ⁿ; BleachBit rounds, so this is as exact as what it printed)
 * @param spaceText the size as printed, e.g. {@code 3.1MB}, {@code 2.9MiB}, {@code 0B}
 * @param files "Files deleted" / "Files to be deleted"
 * @param specialOperations "Special operations" (BleachBit prints the line only when it is not 0,
 *     so it is 0 when the summary was found without it)
 * @param errors "Errors" (likewise 0 when the summary was found without it)
 * @param summaryFound whether the summary block (a size line followed by a file count) was found
 * @param localized the summary was recognised by its structure, not by its English labels
 * @param unclearLine a summary line whose label is not known in any language, so it could not be
 *     told whether it counts special operations or errors (both are then {@code null}), else null
 * @param invalidCleaners arguments BleachBit refused ("not a valid cleaner: …")
 * @param noWork BleachBit said "No work to do. Specify options."
 * @param missingCleaner the cleaner id BleachBit does not know ({@code KeyError: 'foo'}), else null
 */
public record BleachBitOutput(
    Long spaceBytes,
    String spaceText,
    Integer files,
    Integer specialOperations,
    Integer errors,
    boolean summaryFound,
    boolean localized,
    String unclearLine,
    List<String> invalidCleaners,
    boolean noWork,
    String missingCleaner) {

  public BleachBitOutput {
    invalidCleaners = invalidCleaners == null ? List.of() : List.copyOf(invalidCleaners);
  }

  /** Whether BleachBit refused the command line (nothing was cleaned). */
  public boolean usageError() {
    return noWork || !invalidCleaners.isEmpty() || missingCleaner != null;
  }

  /** Whether every count a technician needs was read. */
  public boolean complete() {
    return spaceBytes != null && files != null && specialOperations != null && errors != null;
  }
}
