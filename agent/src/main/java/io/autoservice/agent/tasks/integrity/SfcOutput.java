package io.autoservice.agent.tasks.integrity;

/**
 * What {@link SfcOutputParser} read from one {@code sfc /scannow} output. The first seven fields
 * are the original runner's summary keys; a boxed field is {@code null} when the output did not
 * say.
 *
 * @param integrityViolations {@code false}: none found; {@code true}: corrupt files were found (or
 *     the output points to CBS.log without a verdict); {@code null}: unknown
 * @param repairsAttempted SFC said it found corrupt files (it always tries to repair them)
 * @param repairsSuccessful {@code true}: all repaired; {@code false}: some could not be repaired,
 *     or SFC could not perform the operation; {@code null}: unknown or nothing to repair
 * @param verificationComplete a progress line reached 100 %
 * @param pendingReboot SFC refused to run because a system repair waits for a restart
 * @param accessDenied SFC refused to run without administrator rights
 * @param winsxsRepairPending a line speaks of a corrupt or inconsistent component store
 * @param verdict the last verdict sentence found
 * @param lastPercent the highest verification percentage seen, or {@code null}
 * @param message the last {@value SfcOutputParser#MESSAGE_LINES} non-empty lines (a run of progress
 *     lines counts as its last line)
 * @param preview the last {@value SfcOutputParser#PREVIEW_LINES} lines, counted the same way
 * @param fromCbsLog the verdict and flags come from this run's CBS.log lines, not the console
 */
public record SfcOutput(
    Boolean integrityViolations,
    boolean repairsAttempted,
    Boolean repairsSuccessful,
    boolean verificationComplete,
    boolean pendingReboot,
    boolean accessDenied,
    boolean winsxsRepairPending,
    Verdict verdict,
    Integer lastPercent,
    String message,
    String preview,
    boolean fromCbsLog) {

  /** The verdict sentences SFC prints at the end of a scan. */
  public enum Verdict {
    /** "Windows Resource Protection did not find any integrity violations." (or its German). */
    NO_VIOLATIONS,
    /** "… found corrupt files and successfully repaired them." */
    REPAIRED,
    /** "… found corrupt files but was unable to fix some of them." */
    NOT_ALL_REPAIRED,
    /** "… found corrupt files" without saying how the repair went. */
    CORRUPT_FILES_FOUND,
    /** "Windows Resource Protection could not perform the requested operation." */
    COULD_NOT_PERFORM,
    /** No verdict sentence this parser knows (interrupted run, unknown language, refusal). */
    NONE
  }

  public SfcOutput {
    verdict = verdict == null ? Verdict.NONE : verdict;
    message = message == null ? "" : message;
    preview = preview == null ? "" : preview;
  }

  /**
   * This console reading with the verdict of this run's CBS.log lines, when they give one: they are
   * English on every Windows, so they decide whatever the console's language. The flags follow the
   * verdict, so they cannot contradict it.
   */
  SfcOutput withCbs(CbsSfcFindings cbs) {
    if (cbs == null || cbs.verdict() == Verdict.NONE) {
      return this;
    }
    Verdict v = cbs.verdict();
    Boolean violations = v != Verdict.NO_VIOLATIONS;
    boolean attempted = v == Verdict.REPAIRED || v == Verdict.NOT_ALL_REPAIRED;
    Boolean successful =
        v == Verdict.REPAIRED ? Boolean.TRUE : v == Verdict.NOT_ALL_REPAIRED ? Boolean.FALSE : null;
    return new SfcOutput(
        violations,
        attempted,
        successful,
        verificationComplete || cbs.repairComplete(),
        pendingReboot,
        accessDenied,
        winsxsRepairPending,
        v,
        lastPercent,
        message,
        preview,
        true);
  }
}
