package io.autoservice.controller.cli.console;

import java.time.Instant;

/** A new enrolment token as {@code enroll create} shows it. */
public record EnrollmentTicket(String token, Instant expiresAt, int uses, String caFingerprint) {}
