package io.autoservice.agent.cli;

import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.fleet.ControllerEndpoints;
import io.autoservice.agent.fleet.tls.AgentCredentials;
import io.autoservice.agent.fleet.tls.Enroller;
import io.autoservice.agent.local.AgentVersion;
import io.autoservice.common.net.ControllerAddresses;
import io.autoservice.common.text.SafeText;
import io.autoservice.common.tls.EnrollmentToken;
import io.autoservice.common.tls.TlsException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;

/**
 * Enrolment as both {@code agent enroll} and {@code agent connect --enroll-token} do it, with the
 * outcome logged in words a technician can act on.
 */
final class AgentEnrolment {
  private AgentEnrolment() {}

  /**
   * Enrols with the first of {@code controllers} (resolved, every address of a name) that answers;
   * an address that cannot be reached is skipped, a refusal ends the enrolment. Returns 0, or the
   * exit status to leave with (1 refused or failed, 3 none reachable).
   */
  static int enrol(
      ControllerEndpoints controllers,
      String tokenText,
      String agentId,
      AgentCredentials credentials,
      Logger log) {
    EnrollmentToken token;
    try {
      token = EnrollmentToken.parse(tokenText);
    } catch (TlsException e) {
      log.error("--token: {}", e.getMessage());
      return 2;
    }
    List<ControllerEndpoints.Endpoint> endpoints = controllers.resolveAll();
    if (endpoints.isEmpty()) {
      log.error(
          "Cannot enrol: no address of {} resolves",
          ControllerAddresses.format(controllers.addresses()));
      return 3;
    }
    for (ControllerEndpoints.Endpoint to : endpoints) {
      try {
        Enroller.Enrolled e =
            Enroller.enroll(
                to,
                token,
                agentId,
                MachineFacts.current(AgentVersion.get()).hostname(),
                credentials,
                "autoservice-agent/" + AgentVersion.get());
        System.err.println(
            "Enrolled as agent "
                + e.agentId()
                + " with "
                + to
                + "; certificate valid until "
                + e.certificate().getNotAfter().toInstant()
                + (e.labels().isEmpty() ? "" : ", labels " + e.labels())
                + "; saved in "
                + credentials.dir());
        return 0;
      } catch (StatusRuntimeException e) {
        Status s = e.getStatus();
        if (s.getCode() == Status.Code.UNAVAILABLE
            || s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
          log.error(
              "Cannot enrol: the controller at {} cannot be reached or verified ({})",
              to,
              describe(s));
          continue;
        }
        log.error("Enrolment refused by the controller at {}: {}", to, describe(s));
        return 1;
      } catch (TlsException | IOException e) {
        log.error("Enrolment failed: {}", e.getMessage());
        return 1;
      }
    }
    return 3;
  }

  private static String describe(Status s) {
    String d = s.getDescription();
    Throwable c = s.getCause();
    while (c != null && c.getCause() != null) {
      c = c.getCause();
    }
    // The description comes from the controller (or whatever answered at that address).
    return SafeText.line(
        s.getCode() + (d == null ? "" : ": " + d) + (c == null ? "" : " (" + c.getMessage() + ")"));
  }
}
