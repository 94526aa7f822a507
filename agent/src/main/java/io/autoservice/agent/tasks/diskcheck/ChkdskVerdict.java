package io.autoservice.agent.tasks.diskcheck;

import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The status rules of {@link ChkdskScanHandler} (see its class comment), as a pure function of the
 * parsed output, the task's parameters and chkdsk's exit code.
 *
 * @param status the task's status
 * @param verdict one phrase for the UI, e.g. "The file system is healthy."
 * @param severity the volume's health: {@code success | info | warning | error}
 * @param reason one sentence for a technician (set for every non-success status)
 * @param note extra information for a success (scheduled check, corrections, forced dismount)
 * @param scheduled chkdsk confirmed a check at the next restart
 */
record ChkdskVerdict(
    TaskStatus status, String verdict, String severity, String reason, String note, boolean scheduled) {

  static final String HEALTHY = "The file system is healthy.";
  static final String ERRORS = "Errors found - disk requires repair";
  static final String CORRECTED = "Errors were found and corrected.";
  static final String NOT_CORRECTED = "Errors found - not all were corrected";
  static final String SCHEDULED = "Check scheduled for the next restart";
  static final String IN_USE = "Volume in use - not checked";
  static final String UNKNOWN = "Verdict unknown - see the output";
  static final String FAILED = "CHKDSK could not check the volume";
  static final String ACCESS_DENIED = "Access denied - CHKDSK requires administrator privileges";
  static final String NO_DRIVE = "Drive not found";

  static ChkdskVerdict decide(
      ChkdskOutput p, String drive, String mode, boolean scheduleIfBusy, int exitCode, String lastLines) {
    boolean readOnly = mode.equals("read_only");
    String tail = lastLines == null || lastLines.isBlank() ? "(no output)" : lastLines;
    if (p.accessDenied()) {
      return error(ACCESS_DENIED,
          "Access denied: chkdsk must run elevated (as administrator) to check " + drive + ".");
    }
    if (p.invalidDrive()) {
      return error(NO_DRIVE, "Drive " + drive + " was not found: " + tail);
    }
    if (p.scheduled()) {
      return new ChkdskVerdict(TaskStatus.SUCCESS, SCHEDULED, "info", null,
          drive + " is in use, so chkdsk will check it the next time Windows restarts.", true);
    }
    if (p.hasVerdict()) {
      String dismount = p.dismounted()
          ? drive + " was dismounted to run the check; programs that had files open on it lost their handles."
          : null;
      if (p.errorsFound() && readOnly) {
        return new ChkdskVerdict(TaskStatus.WARNING, ERRORS, "error",
            "chkdsk found file system errors on " + drive
                + "; run it again with mode fix_errors (or comprehensive) to repair them.",
            null, false);
      }
      if (p.madeCorrections()) {
        String note = "Windows made corrections to the file system on " + drive + "."
            + (dismount == null ? "" : " " + dismount);
        return new ChkdskVerdict(TaskStatus.SUCCESS, CORRECTED, "success", null, note, false);
      }
      if (p.foundNoProblems()) {
        return new ChkdskVerdict(TaskStatus.SUCCESS, HEALTHY, "success", null, dismount, false);
      }
      String reason = "chkdsk found errors on " + drive + " that it did not correct (exit code " + exitCode + "): " + tail;
      return new ChkdskVerdict(exitCode == 0 || exitCode == 1 ? TaskStatus.WARNING : TaskStatus.ERROR,
          NOT_CORRECTED, "error", reason, null, false);
    }
    if (p.lockFailed() || p.prompted()) {
      String reason;
      if (p.prompted() && !scheduleIfBusy) {
        reason = drive + " is in use, so chkdsk could not lock it; it offered to "
            + (p.schedulePrompt() ? "schedule the check for the next restart" : "force a dismount")
            + ", but schedule_if_busy is false, so nothing was checked or scheduled.";
      } else if (scheduleIfBusy) {
        reason = drive + " is in use, so chkdsk could not lock it, and it did not confirm that the check"
            + " was scheduled: " + tail;
      } else {
        reason = drive + " is in use by another process and could not be locked; nothing was checked"
            + " (set schedule_if_busy to check it at the next restart).";
      }
      return new ChkdskVerdict(TaskStatus.WARNING, IN_USE, "warning", reason, null, false);
    }
    if (exitCode == 0 || exitCode == 1 || (exitCode == 2 && readOnly)) {
      return new ChkdskVerdict(TaskStatus.WARNING, UNKNOWN, "warning",
          "chkdsk ended with exit code " + exitCode + " but printed no verdict this agent can read"
              + " (translated or cut-off output); last lines: " + tail,
          null, false);
    }
    return error(FAILED, "chkdsk could not check " + drive + " (exit code " + exitCode + "): " + tail);
  }

  private static ChkdskVerdict error(String verdict, String reason) {
    return new ChkdskVerdict(TaskStatus.ERROR, verdict, "error", reason, null, false);
  }

  /** Short facts for {@code human_readable.notes}. */
  List<String> notes(ChkdskOutput p) {
    List<String> notes = new ArrayList<>();
    if (note != null) {
      notes.add(note);
    }
    if (p.filesystemType() != null) {
      notes.add("File system: " + p.filesystemType());
    }
    if (p.badSectorsKb() != null && p.badSectorsKb() > 0) {
      notes.add(p.badSectorsKb() + " KB in bad sectors");
    }
    if (p.volumeInUse() && !p.lockFailed() && p.hasVerdict()) {
      notes.add("The volume was in use during the read-only check; chkdsk may report errors that are not there.");
    }
    return notes;
  }
}
