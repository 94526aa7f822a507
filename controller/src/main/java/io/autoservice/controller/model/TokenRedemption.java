package io.autoservice.controller.model;

import java.time.Instant;
import java.util.Map;

/** What happened when an enrolment token was presented. */
public record TokenRedemption(Outcome outcome, Map<String, String> labels, Instant expiresAt) {
  public enum Outcome {
    REDEEMED,
    UNKNOWN,
    SPENT,
    EXPIRED,
    ID_TAKEN
  }
}
