package io.autoservice.agent.tasks.diskcheck;

/**
 * What {@link ChkdskOutputParser} read from one chkdsk output. The first eight flags are the
 * original runner's; the others tell apart cases the runner lumped together. Sizes are in KB
 * (converted from MB or bytes where chkdsk printed those), {@code null} when not printed.
 *
 * @param foundNoProblems "found no problems" or "No further action is required" (or a translation),
 *     and no corrections were reported
 * @param errorsFound "Windows found errors", "Errors found", "CHKDSK cannot continue", or the
 *     read-only verdicts "found problems" / "Run CHKDSK with the /F" / "Please run chkdsk /scan"
 * @param volumeInUse "volume is in use by another process", "cannot lock" or "cannot run because …
 *     in use" — including the read-only note "The volume is in use by another process. Chkdsk might
 *     report errors when no corruption is present", which does not stop the check
 * @param lockFailed "Cannot lock current drive" or "Chkdsk cannot run because the volume is in
 *     use": the check could not start as asked
 * @param prompted "Would you like to schedule …" or "Would you like to force a dismount …"
 * @param schedulePrompt the prompt offered to check the volume at the next restart
 * @param dismountPrompt the prompt offered to force a dismount
 * @param scheduled chkdsk confirmed "This volume will be checked the next time the system restarts"
 * @param dismounted "Volume dismounted": the lock was taken by force and the check ran
 * @param madeCorrections "made corrections to the file system", "replaced bad clusters", or a
 *     translation
 * @param accessDenied "Access denied" / "Access is denied" / "insufficient privileges"
 * @param invalidDrive "cannot find the drive specified" / "invalid drive"
 * @param filesystemType from "The type of the file system is NTFS." (or its translation)
 * @param durationSeconds from "Total duration: … (N ms)." (or its translation)
 */
public record ChkdskOutput(
    boolean foundNoProblems,
    boolean errorsFound,
    boolean volumeInUse,
    boolean lockFailed,
    boolean prompted,
    boolean schedulePrompt,
    boolean dismountPrompt,
    boolean scheduled,
    boolean dismounted,
    boolean madeCorrections,
    boolean accessDenied,
    boolean invalidDrive,
    String filesystemType,
    Long totalDiskKb,
    Long inFilesKb,
    Long inIndexesKb,
    Long badSectorsKb,
    Long systemUseKb,
    Long availableKb,
    Double durationSeconds) {

  /** Nothing recognised: what an empty output gives. */
  public static ChkdskOutput empty() {
    return new ChkdskOutput(
        false, false, false, false, false, false, false, false, false, false, false, false, null,
        null, null, null, null, null, null, null);
  }

  /**
   * Whether the output carries a verdict of a check that ran (no problems, errors, corrections).
   */
  public boolean hasVerdict() {
    return foundNoProblems || errorsFound || madeCorrections;
  }

  /** chkdsk printed its size summary, which it only does once the check itself has run. */
  public boolean checked() {
    return totalDiskKb != null;
  }

  /**
   * These findings, with the three verdict flags replaced (see {@link ChkdskVerdict#consistent}).
   */
  ChkdskOutput withFindings(boolean noProblems, boolean errors, boolean corrections) {
    return new ChkdskOutput(
        noProblems,
        errors,
        volumeInUse,
        lockFailed,
        prompted,
        schedulePrompt,
        dismountPrompt,
        scheduled,
        dismounted,
        corrections,
        accessDenied,
        invalidDrive,
        filesystemType,
        totalDiskKb,
        inFilesKb,
        inIndexesKb,
        badSectorsKb,
        systemUseKb,
        availableKb,
        durationSeconds);
  }
}
