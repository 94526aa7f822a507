package io.autoservice.agent.tasks.integrity;

import io.autoservice.agent.tasks.integrity.SfcOutput.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one SFC run's CBS.log lines say, counted by marker (the markers are English on every
 * Windows). Seen in real logs (fixtures/tool-outputs/sfc/README.md):
 *
 * <ul>
 *   <li>{@code [SR] Verify complete}, {@code [SR] Repairing N components}, {@code [SR] Repair
 *       complete}: the scan's progress; a /scannow ends with the last two;
 *   <li>{@code [SR] Repairing corrupted file}, {@code [SR] Repaired file}: a protected file
 *       repaired;
 *   <li>{@code [SR] Could not reproject corrupted file …; source file in store is also corrupted}:
 *       a file left corrupt;
 *   <li>{@code [SR] Cannot repair member file … hash mismatch}: a store copy is damaged — alone it
 *       is not a failure (Microsoft KB 954402: logged for wallpapers while SFC reports success), so
 *       it leaves the verdict to the console;
 *   <li>{@code [Pnp] Corrupt file: X} and {@code [Pnp] Repaired file: X} (Windows 11): a driver
 *       file found corrupt, and repaired; a corrupt one never repaired is left corrupt.
 * </ul>
 *
 * @param verdict what these lines alone establish, {@link Verdict#NONE} when they establish nothing
 *     (no lines of this run, or a run that did not reach its repair phase)
 */
record CbsSfcFindings(
    int lines,
    boolean verifyComplete,
    boolean repairComplete,
    int repaired,
    int leftCorrupt,
    int storeCopyDamaged,
    Verdict verdict) {

  private static final Pattern PNP =
      Pattern.compile("\\[Pnp\\] (Corrupt|Repaired) file:\\s*(.+?)\\s*$");

  static CbsSfcFindings of(List<String> lines) {
    boolean verify = false;
    boolean repair = false;
    int repaired = 0;
    int reproject = 0;
    int store = 0;
    Set<String> pnpCorrupt = new HashSet<>();
    Set<String> pnpRepaired = new HashSet<>();
    for (String line : lines) {
      verify |= line.contains("[SR] Verify complete");
      repair |= line.contains("[SR] Repair complete");
      if (line.contains("[SR] Repairing corrupted file") || line.contains("[SR] Repaired file")) {
        repaired++;
      }
      if (line.contains("[SR] Could not reproject corrupted file")) {
        reproject++;
      }
      if (line.contains("[SR] Cannot repair member file")) {
        store++;
      }
      Matcher m = PNP.matcher(line);
      if (m.find()) {
        (m.group(1).equals("Corrupt") ? pnpCorrupt : pnpRepaired)
            .add(m.group(2).toLowerCase(java.util.Locale.ROOT));
      }
    }
    int pnpFixed = 0;
    int pnpLeft = 0;
    for (String f : pnpCorrupt) {
      if (pnpRepaired.contains(f)) {
        pnpFixed++;
      } else {
        pnpLeft++;
      }
    }
    int left = reproject + pnpLeft;
    int fixed = repaired + pnpFixed;
    Verdict v;
    if (left > 0) {
      v = Verdict.NOT_ALL_REPAIRED;
    } else if (fixed > 0) {
      v = Verdict.REPAIRED;
    } else if (verify && repair && store == 0) {
      v = Verdict.NO_VIOLATIONS;
    } else {
      v = Verdict.NONE;
    }
    return new CbsSfcFindings(lines.size(), verify, repair, fixed, left, store, v);
  }
}
