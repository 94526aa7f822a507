package io.autoservice.console.view;

import io.autoservice.proto.v1.CreateEnrollmentTokenResponse;
import java.time.Instant;

/** A new enrolment token as {@code enroll create} shows it. */
public record EnrollmentTicket(String token, Instant expiresAt, int uses, String caFingerprint) {
  public static EnrollmentTicket from(CreateEnrollmentTokenResponse r) {
    return new EnrollmentTicket(
        r.getToken(),
        Instant.ofEpochSecond(r.getExpiresAt().getSeconds()),
        r.getUses(),
        r.getCaFingerprint());
  }
}
