package io.autoservice.agent.tasks.kvrt;

import java.util.Locale;

/**
 * One threat KVRT reported: {@code Threat <threat> is detected on object <object>}, and the action
 * it chose for it ({@code Action <action> is selected for threat <threat> on object <object>}), or
 * null when no action line was printed.
 */
public record KvrtDetection(String threat, String objectPath, String action) {

  /** Actions that take the threat off the PC (as the original runner counted them). */
  private static final String[] REMOVAL_WORDS = {
    "delete", "disinfect", "quarantine", "neutraliz", "remove", "cure"
  };

  /** Whether the chosen action removed, disinfected or quarantined the threat. */
  public boolean removed() {
    return isRemoval(action);
  }

  /** Whether KVRT was told to leave the threat alone ({@code Skip}). */
  public boolean skipped() {
    return action != null && action.strip().toLowerCase(Locale.ROOT).startsWith("skip");
  }

  /** Whether an action word means the threat was removed or neutralised. */
  public static boolean isRemoval(String action) {
    if (action == null) {
      return false;
    }
    String a = action.toLowerCase(Locale.ROOT);
    for (String w : REMOVAL_WORDS) {
      if (a.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
