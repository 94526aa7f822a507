package io.autoservice.controller.alerts;

import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules on the fleet rather than on a report, evaluated periodically: {@code agent_offline} (an
 * agent silent longer than {@code offline_hours}; resolves once it is seen again) and {@code
 * schedule_missed} (a scheduled occurrence that did not run; resolves at the PC's next finished
 * run, see {@link ReportRules}).
 */
final class FleetRules {
  static final String AGENT_OFFLINE = "agent_offline";
  static final String SCHEDULE_MISSED = "schedule_missed";
  static final int MAX_MISSED_PER_CHECK = 1_000;

  private FleetRules() {}

  /** Offline agents found now; the scope covers every agent, so those back online resolve. */
  static ReportRules.Evaluation offline(List<AgentView> agents, Instant now, Duration after) {
    List<AlertFinding> found = new ArrayList<>();
    for (AgentView v : agents) {
      if (v.state() != io.autoservice.controller.model.AgentState.OFFLINE || v.lastSeen() == null) {
        continue;
      }
      Duration silent = Duration.between(v.lastSeen(), now);
      if (silent.compareTo(after) > 0) {
        found.add(
            new AlertFinding(
                AGENT_OFFLINE,
                v.record().agentId(),
                "",
                v.record().hostname(),
                "warning",
                "agent offline for "
                    + silent.toHours()
                    + " h (last seen "
                    + v.lastSeen()
                    + "; alert after "
                    + after.toHours()
                    + " h)",
                null));
      }
    }
    return new ReportRules.Evaluation(found, List.of(new AlertScope(AGENT_OFFLINE, null, null)));
  }

  static List<AlertFinding> missed(List<MissedSchedules.Missed> missed) {
    List<AlertFinding> found = new ArrayList<>();
    for (MissedSchedules.Missed m : missed) {
      if (m == null || m.agentId() == null || m.scheduleName() == null) {
        continue;
      }
      found.add(
          new AlertFinding(
              SCHEDULE_MISSED,
              m.agentId(),
              m.scheduleName(),
              null,
              "warning",
              "schedule "
                  + m.scheduleName()
                  + " missed its run of "
                  + m.occurrence()
                  + (m.reason() == null || m.reason().isBlank() ? "" : ": " + m.reason()),
              null));
    }
    return found;
  }
}
