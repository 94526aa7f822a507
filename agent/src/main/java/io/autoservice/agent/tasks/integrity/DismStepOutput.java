package io.autoservice.agent.tasks.integrity;

/**
 * What {@link DismOutputParser} read from the output of one {@code dism /Online /Cleanup-Image
 * /<Action>} run: the original runner's {@code parsed} keys (without {@code return_code}, which the
 * handler adds) plus {@code restoreCompleted}. A boxed field is {@code null} when the output did
 * not say.
 *
 * @param healthState {@code healthy}, {@code repairable}, {@code corrupted}, {@code repaired}, or
 *     {@code null} when no known health sentence was found
 * @param repairAttempted the step was a RestoreHealth (or its output says it repaired something)
 * @param repairSuccess {@code true} when the output says the restore completed or the corruption
 *     was repaired, {@code null} when it does not say (the handler sets {@code false} for a failed
 *     RestoreHealth)
 * @param errorCode the code of an {@code Error: …} line ({@code 0x800f081f}, {@code 740}, …), or
 *     {@code null}
 * @param accessDenied DISM refused to run without administrator rights (error 5 or 740)
 * @param sourceFilesMissing the repair source files could not be found or downloaded
 * @param operationComplete "The operation completed successfully." (or a known translation)
 * @param corruptionDetected the output reports corruption (repairable, detected or repaired)
 * @param restoreCompleted "The restore operation completed successfully." (or a known translation)
 * @param message the last {@value DismOutputParser#MESSAGE_LINES} non-empty lines, progress bars
 *     removed
 */
public record DismStepOutput(
    String healthState,
    boolean repairAttempted,
    Boolean repairSuccess,
    String errorCode,
    boolean accessDenied,
    boolean sourceFilesMissing,
    boolean operationComplete,
    boolean corruptionDetected,
    boolean restoreCompleted,
    String message) {

  public DismStepOutput {
    message = message == null ? "" : message;
  }

  /** Whether the output said how the component store is (or that a restore completed). */
  public boolean verdictKnown() {
    return healthState != null || Boolean.TRUE.equals(repairSuccess);
  }

  /** The same output with another {@code repairSuccess}. */
  public DismStepOutput withRepairSuccess(Boolean value) {
    return new DismStepOutput(
        healthState,
        repairAttempted,
        value,
        errorCode,
        accessDenied,
        sourceFilesMissing,
        operationComplete,
        corruptionDetected,
        restoreCompleted,
        message);
  }
}
