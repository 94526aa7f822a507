package io.autoservice.agent.fleet;

import io.autoservice.common.plan.Plan;
import java.io.IOException;

/**
 * Where {@link FleetRunner} keeps the plan of a run it accepts, before it records the run as taken
 * and acknowledges it, so that an agent restart can close (or resume) a run it interrupted. {@link
 * FileRunJournal} stores it beside the run's events.
 */
public interface PlanStore {
  /** Keeps nothing: a restart cannot rebuild an interrupted run (tests, in-memory journals). */
  PlanStore NONE =
      new PlanStore() {
        @Override
        public void store(String runId, Plan plan) {}

        @Override
        public void discard(String runId) {}
      };

  /**
   * Durably records an accepted run's plan.
   *
   * @throws IOException if it cannot be written; the run must then be refused
   */
  void store(String runId, Plan plan) throws IOException;

  /** Forgets a stored plan whose run was refused after all (it has no events yet). */
  void discard(String runId);
}
