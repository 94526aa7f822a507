package io.autoservice.agent.tasks.diskcheck;

import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The status rules of {@link ChkdskScanHandler}, as a pure function of the parsed output, the
 * task's parameters and chkdsk's exit code. In this order:
 *
 * <ol>
 *   <li>access denied → {@code error}; drive not found → {@code error}; the check was confirmed
 *       scheduled for the next restart → {@code success} ({@code scheduled: true});
 *   <li>with a documented exit code (0–3), which means the same in every display language: no size
 *       summary, no verdict sentence and a lock failure or a yes/no prompt ("(Y/N)", "(J/N)" …) →
 *       {@code warning} (volume in use); without them, 0–2 → {@code warning} (nothing shows the
 *       check finished); 0 → healthy ({@code success}); 1 → corrections made ({@code success}); 2 →
 *       healthy, with minor cleanup done ({@code /f}) or pending (read-only: {@code success},
 *       severity {@code info}); 3 with a size summary or an errors sentence → errors found ({@code
 *       warning} read-only, {@code error} when {@code /f} did not correct them), else could not
 *       check ({@code error}). A sentence saying errors were found (and none corrected) overrides 0
 *       and 2; one saying corrections were made turns 0 and 2 into "corrected";
 *   <li>without one (killed, timed out): the sentences, as the original runner read them, then a
 *       lock failure or prompt → {@code warning}, else {@code error}.
 * </ol>
 *
 * @param status the task's status
 * @param verdict one phrase for the UI, e.g. "The file system is healthy."
 * @param severity the volume's health: {@code success | info | warning | error}
 * @param reason one sentence for a technician (set for every non-success status)
 * @param note extra information for a success (scheduled check, corrections, forced dismount)
 * @param scheduled chkdsk confirmed a check at the next restart
 */
record ChkdskVerdict(
    TaskStatus status,
    String verdict,
    String severity,
    String reason,
    String note,
    boolean scheduled) {

  static final String HEALTHY = "The file system is healthy.";
  static final String ERRORS = "Errors found - disk requires repair";
  static final String CORRECTED = "Errors were found and corrected.";
  static final String NOT_CORRECTED = "Errors found - not all were corrected";
  static final String SCHEDULED = "Check scheduled for the next restart";
  static final String IN_USE = "Volume in use - not checked";
  static final String FAILED = "CHKDSK could not check the volume";
  static final String ACCESS_DENIED = "Access denied - CHKDSK requires administrator privileges";
  static final String NO_DRIVE = "Drive not found";

  static final String UNREAD = "Verdict unknown - chkdsk's output could not be read";
  static final String CLEANUP_PENDING = "No errors - minor cleanup pending";

  /** chkdsk's documented exit codes; anything else (a kill, a timeout) is no verdict. */
  static boolean knownExitCode(int exitCode) {
    return exitCode >= 0 && exitCode <= 3;
  }

  static ChkdskVerdict decide(
      ChkdskOutput p,
      String drive,
      String mode,
      boolean scheduleIfBusy,
      int exitCode,
      String lastLines) {
    String tail = lastLines == null || lastLines.isBlank() ? "(no output)" : lastLines;
    if (p.accessDenied()) {
      return error(
          ACCESS_DENIED,
          "Access denied: chkdsk must run elevated (as administrator) to check " + drive + ".");
    }
    if (p.invalidDrive()) {
      return error(NO_DRIVE, "Drive " + drive + " was not found: " + tail);
    }
    if (p.scheduled()) {
      return new ChkdskVerdict(
          TaskStatus.SUCCESS,
          SCHEDULED,
          "info",
          null,
          drive + " is in use, so chkdsk will check it the next time Windows restarts.",
          true);
    }
    Context c = new Context(p, drive, mode.equals("read_only"), scheduleIfBusy, exitCode, tail);
    return knownExitCode(exitCode) ? c.fromExitCode() : c.fromPhrases();
  }

  /** One decision's inputs. */
  private record Context(
      ChkdskOutput p,
      String drive,
      boolean readOnly,
      boolean scheduleIfBusy,
      int exitCode,
      String tail) {

    /**
     * chkdsk's exit code: 0 no errors, 1 errors fixed, 2 cleanup done (or not done without /f), 3
     * errors left or the check could not run. The printed summary tells a check that ran from one
     * that could not start; phrases (any language read) only ever make the verdict more severe.
     */
    ChkdskVerdict fromExitCode() {
      boolean notChecked = !p.checked() && !p.hasVerdict();
      if (notChecked && (p.lockFailed() || p.prompted())) {
        return inUse();
      }
      if (notChecked && exitCode != 3) {
        // An exit code alone is not a check: a chkdsk that finished prints its size summary, which
        // is read by structure in every language. Without it (empty, garbage or cut output) the
        // volume must not read as healthy.
        return new ChkdskVerdict(
            TaskStatus.WARNING,
            UNREAD,
            "warning",
            "chkdsk exited with code "
                + exitCode
                + " but printed no size summary or verdict for "
                + drive
                + ", so nothing shows the check finished: "
                + tail,
            null,
            false);
      }
      boolean errorsSaid = p.errorsFound() && !p.madeCorrections();
      return switch (exitCode) {
        case 0 -> errorsSaid ? errors() : p.madeCorrections() ? corrected() : healthy(null);
        case 1 -> corrected();
        case 2 -> errorsSaid ? errors() : p.madeCorrections() ? corrected() : cleanup();
        default ->
            p.checked() || p.errorsFound()
                ? errors()
                : error(
                    FAILED,
                    "chkdsk could not check " + drive + " (exit code " + exitCode + "): " + tail);
      };
    }

    /** No usable exit code (killed, timed out): the phrases alone, as the original runner did. */
    ChkdskVerdict fromPhrases() {
      if (p.hasVerdict()) {
        if (p.errorsFound() && (readOnly || !p.madeCorrections())) {
          return errors();
        }
        return p.madeCorrections() ? corrected() : healthy(null);
      }
      if (p.lockFailed() || p.prompted()) {
        return inUse();
      }
      return error(
          FAILED, "chkdsk could not check " + drive + " (exit code " + exitCode + "): " + tail);
    }

    private String dismount() {
      return p.dismounted()
          ? drive
              + " was dismounted to run the check; programs that had files open on it lost their handles."
          : null;
    }

    private String byExitCode(String meaning) {
      return p.hasVerdict()
          ? null
          : "Verdict from chkdsk's exit code " + exitCode + " (" + meaning + ").";
    }

    private ChkdskVerdict healthy(String extra) {
      String note = join(dismount(), extra == null ? byExitCode("no errors found") : extra);
      return new ChkdskVerdict(TaskStatus.SUCCESS, HEALTHY, "success", null, note, false);
    }

    private ChkdskVerdict cleanup() {
      if (!readOnly) {
        return healthy("chkdsk did minor cleanup on " + drive + " (exit code 2).");
      }
      String note =
          join(
              dismount(),
              "chkdsk found no errors on "
                  + drive
                  + " but reported minor cleanup"
                  + " (exit code 2) that only a run with mode fix_errors does.");
      return new ChkdskVerdict(TaskStatus.SUCCESS, CLEANUP_PENDING, "info", null, note, false);
    }

    private ChkdskVerdict corrected() {
      String note =
          join("Windows made corrections to the file system on " + drive + ".", dismount());
      return new ChkdskVerdict(TaskStatus.SUCCESS, CORRECTED, "success", null, note, false);
    }

    private ChkdskVerdict errors() {
      if (readOnly) {
        return new ChkdskVerdict(
            TaskStatus.WARNING,
            ERRORS,
            "error",
            "chkdsk found file system errors on "
                + drive
                + "; run it again with mode fix_errors (or comprehensive) to repair them.",
            null,
            false);
      }
      String reason =
          "chkdsk found errors on "
              + drive
              + " that it did not correct (exit code "
              + exitCode
              + "): "
              + tail;
      return new ChkdskVerdict(
          exitCode == 0 || exitCode == 1 ? TaskStatus.WARNING : TaskStatus.ERROR,
          NOT_CORRECTED,
          "error",
          reason,
          null,
          false);
    }

    private ChkdskVerdict inUse() {
      String reason;
      if (p.prompted() && !scheduleIfBusy) {
        String offer =
            p.schedulePrompt()
                ? "offered to schedule the check for the next restart"
                : p.dismountPrompt() ? "offered to force a dismount" : "asked a yes/no question";
        reason =
            drive
                + " is in use, so chkdsk could not lock it; it "
                + offer
                + ", but schedule_if_busy is false, so nothing was checked or scheduled.";
      } else if (scheduleIfBusy) {
        reason =
            drive
                + " is in use, so chkdsk could not lock it, and it did not confirm that the check"
                + " was scheduled: "
                + tail;
      } else {
        reason =
            drive
                + " is in use by another process and could not be locked; nothing was checked"
                + " (set schedule_if_busy to check it at the next restart).";
      }
      return new ChkdskVerdict(TaskStatus.WARNING, IN_USE, "warning", reason, null, false);
    }
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + " " + b;
  }

  /**
   * The output's findings made to agree with this verdict, for the result's flags: a healthy volume
   * has no errors and no corrections; corrections imply errors found; a check that did not run
   * found nothing.
   */
  ChkdskOutput consistent(ChkdskOutput p) {
    return switch (verdict) {
      case HEALTHY, CLEANUP_PENDING -> p.withFindings(true, false, false);
      case CORRECTED -> p.withFindings(false, true, true);
      case ERRORS -> p.withFindings(false, true, false);
      case NOT_CORRECTED -> p.withFindings(false, true, p.madeCorrections());
      default -> p.withFindings(false, false, false);
    };
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
      notes.add(
          "The volume was in use during the read-only check; chkdsk may report errors that are not there.");
    }
    return notes;
  }
}
