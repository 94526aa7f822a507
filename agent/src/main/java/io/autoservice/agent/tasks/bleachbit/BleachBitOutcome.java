package io.autoservice.agent.tasks.bleachbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one BleachBit run, from its output and exit code (the status rules are in {@link
 * BleachBitCleanHandler}'s Javadoc). Pure.
 */
final class BleachBitOutcome {
  static final int DETAIL_LINES = 5;

  private BleachBitOutcome() {}

  /**
   * @param timedOut the reason when the run was stopped at its timeout, else null
   */
  static TaskOutcome build(
      List<String> stdout, List<String> stderr, int exitCode, boolean preview, String timedOut) {
    List<String> all = new ArrayList<>(stdout);
    all.addAll(stderr);
    BleachBitOutput p = BleachBitOutputParser.parse(all);

    TaskStatus status;
    String reason = null;
    String hint = null;
    boolean errorsPrinted = stderr.stream().anyMatch(s -> !s.isBlank());
    List<String> said = errorsPrinted ? stderr : stdout;
    String last = Tails.lastLine(said);
    if (timedOut != null) {
      status = TaskStatus.ERROR;
      reason = timedOut + ".";
    } else if (exitCode != 0 || (p.usageError() && !p.summaryFound())) {
      status = TaskStatus.ERROR;
      if (exitCode == BleachBitCleanHandler.GUI_EXIT_CODE) {
        hint =
            "Exit code 120 means the GUI program bleachbit.exe was run with console options:"
                + " point executable_path at bleachbit_console.exe.";
        reason = "BleachBit exited with code 120. " + hint;
      } else if (p.missingCleaner() != null) {
        hint = "List the cleaners this BleachBit knows with: bleachbit_console.exe --list-cleaners";
        reason =
            "BleachBit has no cleaner \"" + p.missingCleaner() + "\" (exit code " + exitCode + ").";
      } else if (!p.invalidCleaners().isEmpty()) {
        reason =
            "BleachBit refused the option(s) "
                + String.join(", ", p.invalidCleaners())
                + ": not a valid cleaner (exit code "
                + exitCode
                + ").";
      } else if (p.noWork()) {
        reason =
            "BleachBit had nothing to do: no usable cleaner option (exit code " + exitCode + ").";
      } else {
        reason = "BleachBit exited with code " + exitCode + (last.isEmpty() ? "." : ": " + last);
      }
    } else if (!p.summaryFound()) {
      status = TaskStatus.WARNING;
      String tail = Tails.lastLines(all, 3).replace('\n', ' ');
      reason =
          "BleachBit finished but its summary could not be read (cut output or unknown format)"
              + (tail.isEmpty() ? "." : "; last lines: " + tail);
    } else if (p.unclearLine() != null) {
      status = TaskStatus.WARNING;
      reason =
          "BleachBit's summary line \""
              + p.unclearLine()
              + "\" could not be read (unknown language):"
              + " it counts either errors or special operations.";
    } else if (p.errors() != null && p.errors() > 0) {
      status = TaskStatus.WARNING;
      reason =
          "BleachBit reported "
              + p.errors()
              + (p.errors() == 1 ? " error" : " errors")
              + " (files it could not "
              + (preview ? "read" : "delete")
              + " or cleaners that failed)"
              + (errorsPrinted ? "; last message: " + last : "")
              + ".";
    } else if (!p.invalidCleaners().isEmpty()) {
      status = TaskStatus.WARNING;
      reason =
          "BleachBit skipped the option(s) "
              + String.join(", ", p.invalidCleaners())
              + ": not a valid cleaner.";
    } else {
      status = TaskStatus.SUCCESS;
    }

    ObjectNode results = Json.object();
    JsonPuts.put(results, "space_recovered_bytes", p.spaceBytes());
    JsonPuts.put(results, "files_deleted", p.files());
    JsonPuts.put(results, "special_operations", p.specialOperations());
    JsonPuts.put(results, "errors", p.errors());
    results.put("preview", preview);
    results.put("exit_code", exitCode);
    results.put(
        "stdout_excerpt",
        Tails.lastChars(String.join("\n", stdout), BleachBitCleanHandler.EXCERPT_CHARS));
    results.put(
        "stderr_excerpt",
        Tails.lastChars(String.join("\n", stderr), BleachBitCleanHandler.EXCERPT_CHARS));
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
      results.put("details", Tails.lastLines(said, DETAIL_LINES));
      if (hint != null) {
        results.put("hint", hint);
      }
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", verdict(p, preview, status));
    String space = BleachBitOutputParser.human(p.spaceText());
    JsonPuts.put(hr, "space_recovered", space);
    JsonPuts.put(hr, "files_deleted", p.files());
    ArrayNode notes = hr.putArray("notes");
    if (preview) {
      notes.add("Preview only: nothing was deleted.");
    }
    if (p.specialOperations() != null && p.specialOperations() > 0) {
      notes.add(
          p.specialOperations()
              + (p.specialOperations() == 1 ? " special operation" : " special operations")
              + " (e.g. database vacuum)"
              + (preview ? " would run." : "."));
    }
    if (p.errors() != null && p.errors() > 0) {
      notes.add(p.errors() + (p.errors() == 1 ? " error." : " errors."));
    }
    if (p.localized()) {
      notes.add("Summary read from BleachBit's translated output.");
    }
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  private static String verdict(BleachBitOutput p, boolean preview, TaskStatus status) {
    if (status == TaskStatus.ERROR || !p.summaryFound()) {
      return preview ? "BleachBit preview failed." : "BleachBit clean-up failed.";
    }
    String space = BleachBitOutputParser.human(p.spaceText());
    String files = p.files() == null ? "an unknown number of" : Integer.toString(p.files());
    String noun = p.files() != null && p.files() == 1 ? " file" : " files";
    return preview
        ? "Would recover " + space + " by deleting " + files + noun + "."
        : "Recovered " + space + ": " + files + noun + " deleted.";
  }
}
